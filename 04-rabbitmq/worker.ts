// The article's worker, hardened: poll the queue with `channel.get`, do the work, ack, fetch the next;
// when the queue is empty, wait a moment and poll again. Each message is acked only after its work is
// done, so a worker that dies mid-job loses nothing: the broker redelivers the message.
//
//   npx tsx 04-rabbitmq/worker.ts --name A [--work-ms 2000] [--quorum] [--reconnect]   (--help lists all)
//
// Ctrl-C (SIGINT) or SIGTERM: finish the current message, close the channel and connection, exit 0.
// A lost connection: exit 1 with one line (for a supervisor to restart us), or with --reconnect, wait
// for amqplib to reconnect and go on polling.
import { createLogger, type Logger } from '../common/log.ts';
import { isMain } from '../common/process.ts';
import { sleep } from '../common/time.ts';
import { createQueueChannel, type QueueChannelOptions } from './channel.ts';
import { DEFAULT_MAX_ATTEMPTS, type HandleOptions, handleMessage, type Work } from './job.ts';
import { lostConnection } from './support/errors.ts';
import { logPid, runCli, stopOnSignals, workerOptions } from './support/options.ts';
import { createRecoveringQueueChannel } from './support/reconnect.ts';

export interface WorkerOptions {
  queue: string;
  name: string;
  log: Logger;
  work: Work;
  /** Default 3: the first try and two retries. */
  maxAttempts?: number;
  /** How long to wait before polling again when the queue was empty. The article used 1 s. */
  pollIntervalMs?: number;
  url?: string;
  /** Abort to stop after the current message. */
  signal?: AbortSignal;
  reconnect?: boolean;
  quorum?: boolean;
}

export async function runWorker(options: WorkerOptions): Promise<void> {
  const { queue, name, log, work, maxAttempts = DEFAULT_MAX_ATTEMPTS, pollIntervalMs = 1000 } = options;
  const { url, signal, reconnect = false, quorum = false } = options;
  const settings: QueueChannelOptions = {
    url,
    name: `worker ${name}`,
    quorum: quorum ? { deliveryLimit: maxAttempts - 1 } : undefined,
  };
  const handling: HandleOptions = { queue, work, maxAttempts, log, brokerCounts: quorum };
  if (reconnect) return pollAcrossRestarts(options, settings, handling);

  const { channel, connection, closed, reason } = await createQueueChannel(queue, settings);
  let lost: Error | undefined;
  void closed.then((reason) => (lost = reason ?? new Error('the channel was closed')));
  log(`connected; polling '${queue}' (${pollIntervalMs} ms apart when it is empty)`);
  logPid(log, 'the job in hand');
  let waiting = false;
  try {
    while (!signal?.aborted && !lost) {
      // noAck is false: the broker keeps the message, marked unacked, until we ack it.
      const msg = await channel.get(queue, { noAck: false });
      if (msg) {
        waiting = false;
        await handleMessage(channel, msg, handling);
      } else {
        if (!waiting) log('no message, waiting...');
        waiting = true;
        await sleep(pollIntervalMs, undefined, { signal }).catch(() => {}); // an abort ends the wait early
      }
    }
  } catch (err) {
    lost ??= reason() ?? (err as Error); // a get, ack or publish failed: the connection is gone
  }
  if (lost) {
    await connection.close().catch(() => {});
    throw lostConnection(lost);
  }
  await channel.close();
  await connection.close();
  log('stopped');
}

/** The same loop with --reconnect: a failed get or ack means "wait for the next channel", not "exit". */
async function pollAcrossRestarts(
  options: WorkerOptions,
  settings: QueueChannelOptions,
  handling: HandleOptions,
): Promise<void> {
  const { queue, log, pollIntervalMs = 1000, signal } = options;
  const link = await createRecoveringQueueChannel(queue, { ...settings, log });
  log(
    `connected; polling '${queue}' (${pollIntervalMs} ms apart when it is empty); reconnects if the ` +
      `broker goes away`,
  );
  logPid(log, 'the job in hand');
  while (!signal?.aborted) {
    const channel = await link.channel(signal);
    if (!channel) break; // asked to stop while disconnected
    try {
      const msg = await channel.get(queue, { noAck: false });
      if (msg) await handleMessage(channel, msg, handling);
      else await sleep(pollIntervalMs, undefined, { signal }).catch(() => {});
    } catch {
      // The connection dropped under a get or an ack. An unacked message goes back to the queue and is
      // redelivered (at-least-once); `link.channel()` waits until amqplib has reconnected.
    }
  }
  await link.close();
  log('stopped');
}

async function main(): Promise<void> {
  const options = workerOptions();
  const log = createLogger(`worker ${options.name}`);
  await runWorker({ ...options, log, signal: stopOnSignals(log) });
}

if (isMain(import.meta.url)) runCli(createLogger('worker'), main);
