// npm run chapter:4 — the chapter's story in a few seconds, against the real RabbitMQ:
//   1. two polling workers start, as two real processes (A and B), and find the queue empty;
//   2. the producer sends a batch of persistent jobs and waits for the broker's confirms;
//   3. the workers share the batch: each job is done by exactly one of them;
//   4. a job the kitchen cannot do is retried, then dead-lettered; a body that is not JSON is
//      dead-lettered at once;
//   5. both workers get SIGTERM, finish what they hold, close, and exit 0.
// The dead letters stay in `chapter4-demo.dead` afterwards, so you can look at them in the management UI.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../common/log.ts';
import { requireRabbitMQ } from '../common/servers.ts';
import { waitFor } from '../common/time.ts';
import { createQueueChannel, deadLetterNames } from './channel.ts';
import { produce } from './producer.ts';
import { encodeJob } from './job.ts';

const QUEUE = 'chapter4-demo';
const MANAGEMENT_UI = 'http://localhost:15672';
const log = createLogger('main');

interface Worker {
  name: string;
  process: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

/** A worker as its own process, exactly as you would start it in a terminal; its output is passed through. */
function startWorker(name: string): Worker {
  const script = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--name', name, '--queue', QUEUE, '--work-ms', '300'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const worker: Worker = { name, process: child, lines: [], exited };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    worker.lines.push(line);
    console.log(line);
  });
  return worker;
}

const count = (workers: Worker[], pattern: RegExp) => workers.flatMap((w) => w.lines).filter((l) => pattern.test(l)).length;

async function main(): Promise<void> {
  await requireRabbitMQ();
  const dead = deadLetterNames(QUEUE);

  // Start from empty queues, whatever an earlier run left behind.
  const { channel, connection } = await createQueueChannel(QUEUE);
  await channel.purgeQueue(QUEUE);
  await channel.purgeQueue(dead.queue);

  log(`starting two polling workers, A and B, on queue '${QUEUE}'`);
  const workers = [startWorker('A'), startWorker('B')];
  // Ctrl-C reaches the workers too (same terminal); we wait for them rather than leave them orphaned.
  process.once('SIGINT', () => void stopWorkers(workers).then(() => process.exit(130)));
  try {
    await shareABatch(workers);
    const left = await channel.checkQueue(QUEUE);
    const parked = await channel.checkQueue(dead.queue);
    log(`'${QUEUE}' holds ${left.messageCount} message(s); '${dead.queue}' holds ${parked.messageCount} dead letter(s)`);
    log(`see them in the management UI: ${MANAGEMENT_UI} (guest/guest) > Queues > ${dead.queue} > Get messages`);
  } finally {
    await stopWorkers(workers); // on success they are already gone; after an error none is left behind
    await connection.close();
  }
}

async function shareABatch(workers: Worker[]): Promise<void> {
  await waitFor('both workers to find the queue empty', () => count(workers, /no message, waiting/) === 2, { timeoutMs: 20_000 });

  const sandwiches = [1, 2, 3, 4, 5, 6].map((id) => encodeJob({ id, task: 'make me a sandwich' }));
  log('sending 6 sandwiches, 1 unicorn (the kitchen cannot make those) and 1 body that is not JSON');
  await produce(QUEUE, [...sandwiches, encodeJob({ id: 7, task: 'make me a unicorn' })]);
  await produce(QUEUE, [Buffer.from('make me a sandwich')], { contentType: 'text/plain' });

  await waitFor('6 jobs done and 2 messages dead-lettered', () => count(workers, /Done job/) === 6 && count(workers, /dead-lettered/) === 2, {
    timeoutMs: 30_000,
  });
  for (const worker of workers) {
    const done = worker.lines.flatMap((l) => /Done job (\d+)/.exec(l)?.[1] ?? []);
    log(`worker ${worker.name} did job(s) ${done.join(', ') || 'none'}`);
  }

  log('sending SIGTERM to both workers: each finishes its current message and closes');
  const codes = await stopWorkers(workers);
  log(`workers exited with code ${codes.join(' and ')}`);
}

/** SIGTERM to every worker still running; resolves with all exit codes. */
async function stopWorkers(workers: Worker[]): Promise<Array<number | null>> {
  for (const worker of workers) if (worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill('SIGTERM');
  return Promise.all(workers.map((w) => w.exited));
}

main().catch((err: unknown) => {
  log.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
