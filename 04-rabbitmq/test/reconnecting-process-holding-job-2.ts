// A test fixture: the chapter's worker or consumer with --reconnect (runWorker / runConsumer, reconnect:
// true, the same signal handling as worker.ts and consumer.ts), whose job 2 ends only once the process has
// lost its connection. The reconnect test then knows job 2 is in hand when the broker closes the
// connection, without betting on how long a job takes. Every other job, and job 2's redelivery, is
// done at once. (worker.ts and consumer.ts themselves ride out a real broker restart with --reconnect in
// broker-restart-keeps-persistent-messages-and-reconnecting-workers-finish.test.ts.)
//   tsx 04-rabbitmq/test/reconnecting-process-holding-job-2.ts worker|consumer <queue> <name>
import { createLogger, type Logger } from '../../common/log.ts';
import { runConsumer } from '../consumer.ts';
import type { Job } from '../job.ts';
import { runCli, stopOnSignals } from '../support/options.ts';
import { runWorker } from '../worker.ts';

const [kind = 'worker', queue = 'task_queue', name = 'R'] = process.argv.slice(2);
const printed = createLogger(`${kind} ${name}`);
let connectionLost!: () => void;
const lost = new Promise<void>((resolve) => (connectionLost = resolve));
// The process's own log line is the event: "connection lost (...); reconnecting".
const log: Logger = Object.assign(
  (message: string, ...args: unknown[]) => {
    printed(message, ...args);
    if (message.startsWith('connection lost')) connectionLost();
  },
  { error: printed.error },
);
let held = false;
const work = async (job: Job) => {
  if (job.id === 2 && !held) {
    held = true;
    await lost;
  }
};
const signal = stopOnSignals(log);
const options = { queue, name, log, work, signal, reconnect: true };
runCli(createLogger(kind), () =>
  kind === 'consumer' ? runConsumer(options) : runWorker({ ...options, pollIntervalMs: 50 }),
);
