// The article's `createQueueChannel` helper on amqplib's promise API: connect, open a channel, declare the
// queue and where its dead messages go. Producer, worker and consumer all start here. The article's version
// never called back on a failed connect; here every failure rejects with one line (support/errors.ts).
import amqp, { type ChannelModel, type ConfirmChannel, type RecoveryOptions } from 'amqplib';
import { AMQP_URL } from '../common/config.ts';
import type { Logger } from '../common/log.ts';
import { checkSettings, describeConnectError, describeQueueError } from './support/errors.ts';

/** The queue a reader uses by hand (`tsx 04-rabbitmq/producer.ts`), named as in RabbitMQ's tutorials. */
export const DEFAULT_QUEUE = 'task_queue';

/**
 * A connect attempt that hears nothing back (a firewall, a server that is not RabbitMQ) gives up after this.
 */
export const CONNECT_TIMEOUT_MS = Number(process.env.AMQP_CONNECT_TIMEOUT_MS ?? 5000);

/** Every work queue gets a dead-letter exchange and a dead-letter queue named after it. */
export function deadLetterNames(queue: string) {
  return { exchange: `${queue}.dlx`, queue: `${queue}.dead` };
}

export interface QueueChannelOptions {
  url?: string;
  /** Shown as the connection's name in the management UI (Connections), e.g. "worker A". */
  name?: string;
  /** A quorum queue that dead-letters a message once the broker has delivered it this many times + 1. */
  quorum?: { deliveryLimit: number };
}

export interface QueueChannel {
  /** A confirm channel: the broker acknowledges every publish, so we can wait until it has them. */
  channel: ConfirmChannel;
  connection: ChannelModel;
  /** Resolves once the channel or the connection has closed, with the broker's reason if it was not ours. */
  closed: Promise<Error | undefined>;
  /** The broker's reason, as soon as it is known: amqplib emits 'error' before it fails pending calls. */
  reason(): Error | undefined;
}

export async function createQueueChannel(
  queue: string,
  options: QueueChannelOptions = {},
): Promise<QueueChannel> {
  const connection = await connect(options);
  try {
    const channel = await openChannel(connection, queue, options);
    let reason: Error | undefined;
    const closed = new Promise<Error | undefined>((resolve) => {
      channel.once('error', (err: Error) => (reason ??= err));
      connection.once('error', (err: Error) => (reason ??= err));
      connection.once('close', (err?: Error) => resolve(reason ?? err));
      // When the connection drops, amqplib closes its channels first and only then emits the
      // connection's 'close' with the reason (e.g. CONNECTION_FORCED): wait a turn to hear it.
      channel.once('close', () => setImmediate(() => resolve(reason)));
    });
    return { channel, connection, closed, reason: () => reason };
  } catch (err) {
    await connection.close().catch(() => {});
    throw err;
  }
}

/**
 * The same, for a process that must ride out a broker restart (`--reconnect`): amqplib 2's `recovery`
 * reconnects with exponential backoff and jitter, and after every reconnect runs `setup`, which opens a
 * new channel, declares the queues again and calls `onChannel` (the consumer subscribes there again).
 */
export async function createRecoveringQueueChannel(
  queue: string,
  options: QueueChannelOptions & { log: Logger; onChannel?: (channel: ConfirmChannel) => Promise<void> },
) {
  const { log, onChannel } = options;
  let current: ConfirmChannel | undefined;
  let waiters: Array<(channel: ConfirmChannel) => void> = [];
  const recovery: RecoveryOptions = {
    initialDelay: 200,
    maxDelay: 5000,
    jitter: 0.2, // workers cut off together do not all knock again at the same moment
    initialMaxRetries: 0, // a wrong URL at start is still one clear line, at once
    async setup(model: ChannelModel) {
      const channel = await openChannel(model, queue, options);
      await onChannel?.(channel);
      current = channel;
      for (const resolve of waiters.splice(0)) resolve(channel);
    },
  };
  const url = checkSettings(options.url ?? AMQP_URL, CONNECT_TIMEOUT_MS);
  const connection = await amqp
    .connect(options.url ?? AMQP_URL, { ...socketOptions(options), recovery })
    .catch((err: unknown) => {
      throw new Error(describeConnectError(err, url, CONNECT_TIMEOUT_MS));
    });
  connection.on('error', () => {}); // the same error arrives with 'disconnect', logged below
  let lost = false;
  connection.on('disconnect', (err) => {
    current = undefined;
    lost = true;
    log(`connection lost (${err.message.split('\n')[0]}); reconnecting`);
  });
  connection.on('reconnect-scheduled', ({ attempt, delay }) =>
    log(`reconnect attempt ${attempt} in ${delay} ms`),
  );
  connection.on('connect', () => lost && log('reconnected; queue declared again'));
  return {
    /** The channel of the latest (re)connect; while disconnected, waits for the next one, or for `signal`. */
    channel: (signal?: AbortSignal): Promise<ConfirmChannel | undefined> =>
      current || signal?.aborted
        ? Promise.resolve(current)
        : new Promise((resolve) => {
            waiters.push(resolve);
            signal?.addEventListener('abort', () => resolve(undefined), { once: true });
          }),
    close: async () => {
      waiters = [];
      await connection.close();
    },
  };
}

// noDelay turns off Nagle's algorithm on the socket: without it a worker's `ack` and its next `basic.get`
// wait for a delayed TCP ACK, ~40 ms per message (docs/04-rabbitmq-deep-dive.md). timeout: a connect
// attempt that hears nothing back fails instead of hanging.
function socketOptions({ name }: QueueChannelOptions) {
  return {
    noDelay: true,
    timeout: CONNECT_TIMEOUT_MS,
    clientProperties: name ? { connection_name: name } : {},
  };
}

async function connect(options: QueueChannelOptions): Promise<ChannelModel> {
  const url = checkSettings(options.url ?? AMQP_URL, CONNECT_TIMEOUT_MS);
  try {
    const connection = await amqp.connect(options.url ?? AMQP_URL, socketOptions(options));
    // An 'error' event with no listener would crash the process. The same error also arrives with
    // 'close', which is where we report it, so this listener only keeps the process alive.
    connection.on('error', () => {});
    return connection;
  } catch (err) {
    throw new Error(describeConnectError(err, url, CONNECT_TIMEOUT_MS));
  }
}

async function openChannel(
  connection: ChannelModel,
  queue: string,
  options: QueueChannelOptions,
): Promise<ConfirmChannel> {
  const channel = await connection.createConfirmChannel();
  channel.on('error', () => {});
  try {
    await assertQueues(channel, queue, options.quorum);
  } catch (err) {
    throw new Error(describeQueueError(err, queue));
  }
  return channel;
}

// The work queue is durable (its definition survives a broker restart; messages survive only if they are
// also published persistent). A message the worker rejects is routed to the dead-letter exchange, which
// delivers it to the dead-letter queue, where it waits for a human instead of being lost.
async function assertQueues(
  channel: ConfirmChannel,
  queue: string,
  quorum?: { deliveryLimit: number },
): Promise<void> {
  const dead = deadLetterNames(queue);
  await channel.assertExchange(dead.exchange, 'fanout', { durable: true });
  await channel.assertQueue(dead.queue, { durable: true });
  await channel.bindQueue(dead.queue, dead.exchange, '');
  // A quorum queue is replicated (on a cluster) and counts deliveries itself: past the limit, the
  // broker dead-letters the message, even one that killed every worker that took it.
  const arguments_ = quorum ? { 'x-queue-type': 'quorum', 'x-delivery-limit': quorum.deliveryLimit } : {};
  await channel.assertQueue(queue, {
    durable: true,
    deadLetterExchange: dead.exchange,
    arguments: arguments_,
  });
}
