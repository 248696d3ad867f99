// `--reconnect`: a worker or consumer that rides out a broker restart instead of exiting with one line.
// Built on amqplib 2's `recovery` option (docs/04-rabbitmq-deep-dive.md, "Riding out a broker restart").
// Also the `Link` the consumer holds: one shape for a plain channel and for one that reconnects.
import amqp, { type ChannelModel, type ConfirmChannel, type RecoveryOptions } from 'amqplib';
import { AMQP_URL } from '../../common/config.ts';
import type { Logger } from '../../common/log.ts';
import {
  CONNECT_TIMEOUT_MS,
  createQueueChannel,
  openChannel,
  type QueueChannel,
  type QueueChannelOptions,
  socketOptions,
} from '../channel.ts';
import { checkSettings, describeConnectError } from './errors.ts';

/** A connection as the consumer sees it, whether or not it reconnects. */
export interface Link {
  /** The channel to use now; while disconnected, waits for the next one, or for `signal` (then undefined). */
  channel(signal?: AbortSignal): Promise<ConfirmChannel | undefined>;
  /** Resolves with the reason once the connection is gone for good. A reconnecting link never gives up. */
  lost: Promise<Error>;
  close(): Promise<void>;
}

/** Connects and calls `onChannel` with the channel: once, or with `reconnect`, after every reconnect. */
export async function openLink(
  queue: string,
  options: RecoveringOptions & { reconnect: boolean },
): Promise<Link> {
  if (options.reconnect) return createRecoveringQueueChannel(queue, options);
  const plain = await createQueueChannel(queue, options);
  try {
    await options.onChannel?.(plain.channel);
  } catch (err) {
    await plain.connection.close().catch(() => {});
    throw err;
  }
  return plainLink(plain);
}

type RecoveringOptions = QueueChannelOptions & {
  log: Logger;
  onChannel?: (channel: ConfirmChannel) => Promise<void>;
};

/** A plain channel (createQueueChannel) as a Link: it is lost as soon as it closes. */
function plainLink({ channel, connection, closed }: QueueChannel): Link {
  return {
    channel: async () => channel,
    lost: closed.then((reason) => reason ?? new Error('the channel was closed')),
    async close() {
      await channel.close().catch(() => {}); // already closed, after a lost connection
      await connection.close().catch(() => {});
    },
  };
}

/**
 * amqplib reconnects with exponential backoff and jitter, and after every reconnect runs `setup`, which
 * opens a new channel, declares the queues again and calls `onChannel` (the consumer subscribes there again).
 */
export async function createRecoveringQueueChannel(queue: string, options: RecoveringOptions): Promise<Link> {
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
    channel: (signal) =>
      current || signal?.aborted
        ? Promise.resolve(current)
        : new Promise((resolve) => {
            waiters.push(resolve);
            signal?.addEventListener('abort', () => resolve(undefined), { once: true });
          }),
    lost: new Promise<Error>(() => {}),
    close: async () => {
      waiters = [];
      await connection.close();
    },
  };
}
