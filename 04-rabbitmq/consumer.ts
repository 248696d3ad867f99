// Beyond the article: the same worker written the way RabbitMQ's own tutorials do it. Instead of asking
// for a message every time (channel.get), we subscribe once (channel.consume) and the broker pushes
// messages as they arrive, at most `prefetch` unacked ones at a time. No polling interval: an idle
// consumer costs nothing and reacts at once; a busy one never waits for a round trip per message.
//
//   npx tsx 04-rabbitmq/consumer.ts [--name A] [--queue task_queue] [--prefetch 1]
//                                   [--max-attempts 3] [--work-ms 100]
import { parseArgs } from 'node:util';
import { createLogger } from '../common/log.ts';
import { createQueueChannel, DEFAULT_QUEUE } from './channel.ts';
import { handleMessage, DEFAULT_MAX_ATTEMPTS } from './handle.ts';
import { kitchen, type Work } from './job.ts';
import { integerOption, isMain, runCli, stopOnSignals } from './cli.ts';

export interface ConsumerOptions {
  queue?: string;
  name?: string;
  /** How many messages may be in this consumer's hands (delivered, not yet acked) at once. */
  prefetch?: number;
  maxAttempts?: number;
  work?: Work;
  url?: string;
  /** Abort to stop: no new deliveries, finish the ones in hand, close. */
  signal?: AbortSignal;
}

export async function runConsumer(options: ConsumerOptions = {}): Promise<void> {
  const {
    queue = DEFAULT_QUEUE,
    name = String(process.pid),
    prefetch = 1,
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    work = kitchen(),
    url,
    signal = new AbortController().signal,
  } = options;
  const log = createLogger(`consumer ${name}`);
  const { channel, connection, closed } = await createQueueChannel(queue, { url, name: `consumer ${name}` });
  let lost: Error | undefined;

  // Without a prefetch limit the broker pushes the whole queue into this process at once: no fair
  // sharing with other consumers, and everything in memory here. prefetch(1) is the tutorials' "fair dispatch".
  await channel.prefetch(prefetch);
  log(` [*] Waiting for messages in '${queue}' (prefetch ${prefetch}). To exit press CTRL+C`);
  const inHand = new Set<Promise<unknown>>();
  let cancelledByBroker!: () => void;
  const brokerCancel = new Promise<void>((resolve) => (cancelledByBroker = resolve));
  const { consumerTag } = await channel.consume(
    queue,
    (msg) => {
      if (msg === null) return cancelledByBroker(); // the queue was deleted under us
      // Each delivery is handled as it arrives, so up to `prefetch` jobs run at the same time.
      const handling = handleMessage(channel, msg, { queue, work, maxAttempts, log })
        .catch((err: Error) => (lost ??= err))
        .finally(() => inHand.delete(handling));
      inHand.add(handling);
    },
    { noAck: false },
  );

  const aborted = signal.aborted
    ? Promise.resolve()
    : new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  const ended = await Promise.race([aborted.then(() => 'stop' as const), brokerCancel.then(() => 'cancelled' as const), closed]);
  if (ended instanceof Error || ended === undefined) lost ??= ended ?? new Error('the channel was closed');

  if (!lost) {
    if (ended === 'stop') await channel.cancel(consumerTag).catch(() => {}); // no new deliveries from here on
    await Promise.all(inHand); // the ones already in hand are finished and acked
  }
  if (lost) {
    await connection.close().catch(() => {});
    throw new Error(`lost the connection to RabbitMQ: ${lost.message.split('\n')[0]}`);
  }
  await channel.close();
  await connection.close();
  log(ended === 'cancelled' ? `stopped: the broker cancelled the subscription (queue '${queue}' deleted?)` : 'stopped');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      queue: { type: 'string' },
      prefetch: { type: 'string' },
      'max-attempts': { type: 'string' },
      'work-ms': { type: 'string' },
    },
  });
  const name = values.name ?? String(process.pid);
  await runConsumer({
    name,
    queue: values.queue,
    prefetch: integerOption('prefetch', values.prefetch, 1, 1),
    maxAttempts: integerOption('max-attempts', values['max-attempts'], DEFAULT_MAX_ATTEMPTS, 1),
    work: kitchen(integerOption('work-ms', values['work-ms'], 100)),
    signal: stopOnSignals(createLogger(`consumer ${name}`)),
  });
}

if (isMain(import.meta.url)) runCli(createLogger('consumer'), main);
