// Beyond the article: the same worker written the way RabbitMQ's own tutorials do it. Instead of asking
// for a message every time (channel.get), we subscribe once (channel.consume) and the broker pushes
// messages as they arrive, at most `prefetch` unacked ones at a time. No polling interval: an idle
// consumer costs nothing and reacts at once; a busy one never waits for a round trip per message.
//
//   npx tsx 04-rabbitmq/consumer.ts [--name A] [--queue task_queue] [--prefetch 1]
//                                   [--max-attempts 3] [--work-ms 100] [--reconnect] [--quorum]
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { createLogger, type Logger } from '../common/log.ts';
import { createQueueChannel, createRecoveringQueueChannel } from './channel.ts';
import { DEFAULT_MAX_ATTEMPTS, handleMessage, type Work } from './job.ts';
import { lostConnection } from './support/errors.ts';
import { integerOption, parseCommonOptions, runCli, stopOnSignals } from './support/options.ts';
import { isMain } from '../common/process.ts';

export interface ConsumerOptions {
  queue: string;
  name: string;
  log: Logger;
  work: Work;
  /** Default 3: the first try and two retries. */
  maxAttempts?: number;
  /** How many messages may be in this consumer's hands (delivered, not yet acked) at once. */
  prefetch?: number;
  url?: string;
  /** Abort to stop: no new deliveries, finish the ones in hand, close. */
  signal?: AbortSignal;
  reconnect?: boolean;
  quorum?: boolean;
}

type WhyStop = 'asked to stop' | 'the broker cancelled the subscription' | 'connection lost';

export async function runConsumer(options: ConsumerOptions): Promise<void> {
  const {
    queue,
    name,
    log,
    work,
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    prefetch = 1,
    url,
    signal,
    reconnect = false,
    quorum = false,
  } = options;
  const settings = {
    url,
    name: `consumer ${name}`,
    quorum: quorum ? { deliveryLimit: maxAttempts - 1 } : undefined,
  };
  let stop!: (why: WhyStop) => void;
  const stopping = new Promise<WhyStop>((resolve) => (stop = resolve));
  signal?.addEventListener('abort', () => stop('asked to stop'), { once: true });
  if (signal?.aborted) stop('asked to stop');

  // Each delivery is handled as it arrives, so up to `prefetch` jobs run at the same time.
  const inHand = new Set<Promise<unknown>>();
  const onMessage = (channel: ConfirmChannel) => (msg: ConsumeMessage | null) => {
    if (msg === null) return stop('the broker cancelled the subscription'); // e.g. the queue was deleted
    const handling = handleMessage(channel, msg, { queue, work, maxAttempts, log, brokerCounts: quorum })
      .catch(() => {}) // an ack that failed: the connection is gone and the broker will redeliver
      .finally(() => inHand.delete(handling));
    inHand.add(handling);
  };
  // Without a prefetch limit the broker pushes the whole queue into this process at once: no fair
  // sharing with other consumers, and everything in memory here. prefetch(1) is the tutorials' "fair
  // dispatch".
  let consumerTag = '';
  const subscribe = async (channel: ConfirmChannel) => {
    await channel.prefetch(prefetch);
    ({ consumerTag } = await channel.consume(queue, onMessage(channel), { noAck: false }));
  };

  // 1. Connect and subscribe (again after every reconnect, with --reconnect).
  const link = reconnect
    ? await createRecoveringQueueChannel(queue, { ...settings, log, onChannel: subscribe })
    : undefined;
  const plain = link ? undefined : await createQueueChannel(queue, settings);
  if (plain) {
    await subscribe(plain.channel);
    void plain.closed.then(() => stop('connection lost'));
  }
  log(` [*] Waiting for messages in '${queue}' (prefetch ${prefetch}). To exit press CTRL+C`);

  // 2. Wait for a reason to stop.
  const why = await stopping;

  // 3. Cancel the subscription: no new deliveries from here on.
  // undefined: disconnected, nothing to cancel
  const channel = plain?.channel ?? (await link!.channel(signal));
  if (why === 'asked to stop') await channel?.cancel(consumerTag).catch(() => {});

  // 4. Finish what is in hand: those messages are done and acked (after a lost connection, their acks
  //    fail and the broker redelivers them to someone else).
  await Promise.all(inHand);

  // 5. Close, or report the lost connection as one line.
  if (why === 'connection lost') {
    await plain!.connection.close().catch(() => {});
    throw lostConnection((await plain!.closed) ?? new Error('the channel was closed'));
  }
  if (link) await link.close();
  else await plain!.channel.close().then(() => plain!.connection.close());
  log(why === 'asked to stop' ? 'stopped' : `stopped: ${why} (queue '${queue}' deleted?)`);
}

async function main(): Promise<void> {
  const { extra, ...options } = parseCommonOptions(['prefetch']);
  const log = createLogger(`consumer ${options.name}`);
  const prefetch = integerOption('prefetch', extra.prefetch, 1, 1);
  await runConsumer({ ...options, log, prefetch, signal: stopOnSignals(log) });
}

if (isMain(import.meta.url)) runCli(createLogger('consumer'), main);
