// A test fixture: the real worker (runWorker with the same signal handling as worker.ts), whose job ends
// only once the process has received SIGTERM. The stop test then knows a message is in hand when the
// signal arrives, without betting on how long a job takes.
//   tsx 04-rabbitmq/test/worker-holding-a-job.ts <queue> <name>
import { createLogger } from '../../common/log.ts';
import { runCli, stopOnSignals } from '../support/options.ts';
import { runWorker } from '../worker.ts';

const [queue = 'task_queue', name = 'W'] = process.argv.slice(2);
const log = createLogger(`worker ${name}`);
const signal = stopOnSignals(log);
const untilStopped = () =>
  new Promise<void>((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );
runCli(createLogger('worker'), () =>
  runWorker({ queue, name, log, work: untilStopped, pollIntervalMs: 50, signal }),
);
