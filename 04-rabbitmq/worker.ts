// The article's worker: poll the queue with `channel.get`, do the work, ack, fetch the next; when the
// queue is empty, wait a moment and poll again. Simple to follow, and each message is acked only after
// its work is done, so a worker that dies mid-job loses nothing: the broker redelivers the message.
//
//   npx tsx 04-rabbitmq/worker.ts [--name A] [--queue task_queue] [--poll-interval-ms 1000]
//                                 [--max-attempts 3] [--work-ms 100]
//
// Ctrl-C (SIGINT) or SIGTERM: finish the current message, close the channel and connection, exit 0.
import { parseArgs } from 'node:util';
import { createLogger } from '../common/log.ts';
import { sleep } from '../common/time.ts';
import { createQueueChannel, DEFAULT_QUEUE } from './channel.ts';
import { handleMessage, DEFAULT_MAX_ATTEMPTS } from './handle.ts';
import { kitchen, type Work } from './job.ts';
import { integerOption, isMain, runCli, stopOnSignals } from './cli.ts';

export interface WorkerOptions {
  queue?: string;
  name?: string;
  /** How long to wait before polling again when the queue was empty. The article used 1 s. */
  pollIntervalMs?: number;
  maxAttempts?: number;
  work?: Work;
  url?: string;
  /** Abort to stop after the current message. */
  signal?: AbortSignal;
}

export async function runWorker(options: WorkerOptions = {}): Promise<void> {
  const {
    queue = DEFAULT_QUEUE,
    name = String(process.pid),
    pollIntervalMs = 1000,
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    work = kitchen(),
    url,
    signal = new AbortController().signal,
  } = options;
  const log = createLogger(`worker ${name}`);
  const { channel, connection, closed } = await createQueueChannel(queue, { url, name: `worker ${name}` });
  let lost: Error | undefined;
  void closed.then((reason) => (lost = reason ?? new Error('the channel was closed')));
  log(`connected; polling '${queue}' (${pollIntervalMs} ms apart when it is empty)`);

  let waiting = false;
  try {
    while (!signal.aborted && !lost) {
      // noAck is false: the broker keeps the message, marked unacked, until we ack it.
      const msg = await channel.get(queue, { noAck: false });
      if (msg) {
        waiting = false;
        await handleMessage(channel, msg, { queue, work, maxAttempts, log });
      } else {
        if (!waiting) log('no message, waiting...');
        waiting = true;
        await sleep(pollIntervalMs, undefined, { signal }).catch(() => {}); // an abort ends the wait early
      }
    }
  } catch (err) {
    lost ??= err as Error; // a get, ack or publish failed: the channel or the connection is gone
  }
  if (lost) {
    await connection.close().catch(() => {});
    throw new Error(`lost the connection to RabbitMQ: ${lost.message.split('\n')[0]}`);
  }
  await channel.close();
  await connection.close();
  log('stopped');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      queue: { type: 'string' },
      'poll-interval-ms': { type: 'string' },
      'max-attempts': { type: 'string' },
      'work-ms': { type: 'string' },
    },
  });
  const name = values.name ?? String(process.pid);
  await runWorker({
    name,
    queue: values.queue,
    pollIntervalMs: integerOption('poll-interval-ms', values['poll-interval-ms'], 1000),
    maxAttempts: integerOption('max-attempts', values['max-attempts'], DEFAULT_MAX_ATTEMPTS, 1),
    work: kitchen(integerOption('work-ms', values['work-ms'], 100)),
    signal: stopOnSignals(createLogger(`worker ${name}`)),
  });
}

if (isMain(import.meta.url)) runCli(createLogger('worker'), main);
