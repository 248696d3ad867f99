// Beyond the article: the same worker written the way RabbitMQ's own tutorials do it. Instead of asking
// for a message every time (channel.get), we subscribe once (channel.consume) and the broker pushes
// messages as they arrive, at most `prefetch` unacked ones at a time. No polling interval: an idle
// consumer costs nothing and reacts at once; a busy one never waits for a round trip per message.
//
//   npx tsx 04-rabbitmq/consumer.ts --name C [--prefetch 10] [--quorum] [--reconnect]   (--help lists all)
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { createLogger, type Logger } from '../common/log.ts';
import { isMain } from '../common/process.ts';
import type { QueueChannelOptions } from './channel.ts';
import { DEFAULT_MAX_ATTEMPTS, handleMessage, type Work } from './job.ts';
import { lostConnection } from './support/errors.ts';
import { consumerOptions, logPid, runCli, stopOnSignals } from './support/options.ts';
import { openLink } from './support/reconnect.ts';

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
  const { queue, name, log, work, maxAttempts = DEFAULT_MAX_ATTEMPTS, prefetch = 1 } = options;
  const { url, signal, reconnect = false, quorum = false } = options;
  const settings: QueueChannelOptions = {
    url,
    name: `consumer ${name}`,
    quorum: quorum ? { deliveryLimit: maxAttempts - 1 } : undefined,
  };
  const handling = { queue, work, maxAttempts, log, brokerCounts: quorum };
  let stop!: (why: WhyStop) => void;
  const stopping = new Promise<WhyStop>((resolve) => (stop = resolve));
  signal?.addEventListener('abort', () => stop('asked to stop'), { once: true });
  if (signal?.aborted) stop('asked to stop');

  const inHand = new Set<Promise<unknown>>(); // delivered, not yet settled: up to `prefetch` at once
  const onMessage = (channel: ConfirmChannel, msg: ConsumeMessage | null) => {
    if (msg === null) return stop('the broker cancelled the subscription'); // e.g. the queue was deleted
    const job = handleMessage(channel, msg, handling) // work, then ack, retry or dead-letter
      .catch(() => {}) // an ack that failed: the connection is gone and the broker will redeliver
      .finally(() => inHand.delete(job));
    inHand.add(job);
  };
  let consumerTag = '';
  const subscribe = async (channel: ConfirmChannel) => {
    await channel.prefetch(prefetch); // no more than `prefetch` unacked messages in our hands
    // noAck false: each message stays ours, unacked, until handleMessage acks or rejects it
    const subscription = await channel.consume(queue, (msg) => onMessage(channel, msg), { noAck: false });
    consumerTag = subscription.consumerTag;
  };

  // 1. Connect and subscribe (again after every reconnect, with --reconnect).
  const link = await openLink(queue, { ...settings, reconnect, log, onChannel: subscribe });
  void link.lost.then(() => stop('connection lost'));
  log(` [*] Waiting for messages in '${queue}' (prefetch ${prefetch}). To exit press CTRL+C`);
  logPid(log, 'the jobs in hand');

  // 2. Wait for a reason to stop.
  const why = await stopping;

  // 3. Cancel the subscription: no new deliveries from here on.
  const channel = await link.channel(signal); // undefined: disconnected, nothing to cancel
  if (why === 'asked to stop') await channel?.cancel(consumerTag).catch(() => {});

  // 4. Finish what is in hand: those messages are done and acked (after a lost connection, their acks
  //    fail and the broker redelivers them to someone else).
  await Promise.all(inHand);

  // 5. Close, or report the lost connection as one line.
  await link.close();
  if (why === 'connection lost') throw lostConnection(await link.lost);
  log(why === 'asked to stop' ? 'stopped' : `stopped: ${why} (queue '${queue}' deleted?)`);
}

async function main(): Promise<void> {
  const options = consumerOptions();
  const log = createLogger(`consumer ${options.name}`);
  await runConsumer({ ...options, log, signal: stopOnSignals(log) });
}

if (isMain(import.meta.url)) runCli(createLogger('consumer'), main);
