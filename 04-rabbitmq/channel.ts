// The article's `createQueueChannel` helper on amqplib's promise API: connect, open a channel, declare the
// queue and where its dead messages go. Producer, worker and consumer all start here. The article's version
// never called back on a failed connect; here every failure rejects with one line (support/errors.ts).
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { AMQP_URL } from '../common/config.ts';
import { checkSettings, describeConnectError, describeQueueError } from './support/errors.ts';

/** The queue a reader uses by hand (`tsx 04-rabbitmq/producer.ts`), named as in RabbitMQ's tutorials. */
export const DEFAULT_QUEUE = 'task_queue';
/** The queue of `--quorum` (producer, worker, consumer): a classic queue cannot become a quorum queue. */
export const DEFAULT_QUORUM_QUEUE = 'task_queue_quorum';

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

// noDelay turns off Nagle's algorithm on the socket: without it a worker's `ack` and its next `basic.get`
// wait for a delayed TCP ACK, ~40 ms per message (docs/04-rabbitmq-deep-dive.md). timeout: a connect
// attempt that hears nothing back fails instead of hanging.
export function socketOptions({ name }: QueueChannelOptions) {
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

/** A confirm channel with the queues declared; support/reconnect.ts calls it again after a reconnect. */
export async function openChannel(
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

// The work queue is durable: its definition survives a broker restart. A message the worker rejects is
// routed to the dead-letter exchange, which delivers it to the dead-letter queue, where it waits for a
// human instead of being lost.
async function assertQueues(
  channel: ConfirmChannel,
  queue: string,
  quorum?: { deliveryLimit: number },
): Promise<void> {
  const dead = deadLetterNames(queue);
  await channel.assertExchange(dead.exchange, 'fanout', { durable: true });
  await channel.assertQueue(dead.queue, { durable: true });
  await channel.bindQueue(dead.queue, dead.exchange, '');
  // A quorum queue counts deliveries itself: past the limit, the broker dead-letters the message.
  const arguments_ = quorum ? { 'x-queue-type': 'quorum', 'x-delivery-limit': quorum.deliveryLimit } : {};
  await channel.assertQueue(queue, {
    durable: true,
    deadLetterExchange: dead.exchange,
    arguments: arguments_,
  });
}
