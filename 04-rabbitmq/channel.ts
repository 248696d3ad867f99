// The article's `createQueueChannel` helper, rewritten with amqplib's promise API. Producer, worker and
// consumer all start here: connect, open a channel, declare the queue (and where its dead messages go),
// and hand back the channel and the connection.
//
// The article's callback version only logged a failed connection and never called back, so its caller
// waited forever. Here every failure rejects with an Error whose message is one line a reader can act on.
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { AMQP_URL } from '../common/config.ts';

/** The queue a reader uses by hand (`tsx 04-rabbitmq/producer.ts`), named as in RabbitMQ's tutorials. */
export const DEFAULT_QUEUE = 'task_queue';

/** A connect attempt that hears nothing back (a firewall, a server that is not RabbitMQ) gives up after this. */
export const CONNECT_TIMEOUT_MS = Number(process.env.AMQP_CONNECT_TIMEOUT_MS ?? 5000);

/** Every work queue gets a dead-letter exchange and a dead-letter queue named after it. */
export function deadLetterNames(queue: string) {
  return { exchange: `${queue}.dlx`, queue: `${queue}.dead` };
}

export interface QueueChannel {
  /** A confirm channel: the broker acknowledges every publish, so we can wait until it has them. */
  channel: ConfirmChannel;
  connection: ChannelModel;
  /** Resolves once the channel or the connection has closed, with the reason if it was not our own close. */
  closed: Promise<Error | undefined>;
}

export interface QueueChannelOptions {
  url?: string;
  connectTimeoutMs?: number;
  /** Shown as the connection's name in the management UI (Connections), e.g. "worker A". */
  name?: string;
}

export async function createQueueChannel(queue: string, options: QueueChannelOptions = {}): Promise<QueueChannel> {
  const { url = AMQP_URL, connectTimeoutMs = CONNECT_TIMEOUT_MS, name } = options;
  checkUrl(url);
  if (!(connectTimeoutMs > 0)) {
    throw new Error(`AMQP_CONNECT_TIMEOUT_MS must be a number of milliseconds above 0, got "${process.env.AMQP_CONNECT_TIMEOUT_MS}"`);
  }

  let connection: ChannelModel;
  try {
    // noDelay turns off Nagle's algorithm on the socket. Without it, a worker's `ack` and its next
    // `basic.get` are two small writes, and the kernel holds the second until the broker's TCP stack
    // ACKs the first, which it delays (~40 ms) because a basic.ack gets no reply to ride along with:
    // a get + ack loop then crawls at about 23 messages a second instead of thousands.
    // timeout: a connect attempt that hears nothing back fails instead of hanging.
    const clientProperties = name ? { connection_name: name } : {};
    connection = await amqp.connect(url, { noDelay: true, timeout: connectTimeoutMs, clientProperties });
  } catch (err) {
    throw new Error(describeConnectError(err, url, connectTimeoutMs));
  }

  // An 'error' event with no listener would crash the process. The same error also arrives with
  // 'close', which is where we report it, so these listeners only keep the process alive.
  connection.on('error', () => {});
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => {});
    const closed = new Promise<Error | undefined>((resolve) => {
      let reason: Error | undefined;
      channel.once('error', (err: Error) => (reason ??= err));
      connection.once('error', (err: Error) => (reason ??= err));
      connection.once('close', (err?: Error) => resolve(reason ?? err));
      // When the connection drops, amqplib closes its channels first and only then emits the
      // connection's 'close' with the reason (e.g. CONNECTION_FORCED): wait a turn to hear it.
      channel.once('close', () => setImmediate(() => resolve(reason)));
    });
    await assertQueues(channel, queue);
    return { channel, connection, closed };
  } catch (err) {
    await connection.close().catch(() => {});
    throw new Error(describeQueueError(err, queue));
  }
}

// The work queue is durable (its definition survives a broker restart; messages survive only if they are
// also published persistent). A message the worker rejects is routed to the dead-letter exchange, which
// delivers it to the dead-letter queue, where it waits for a human instead of being lost.
async function assertQueues(channel: ConfirmChannel, queue: string): Promise<void> {
  const dead = deadLetterNames(queue);
  await channel.assertExchange(dead.exchange, 'fanout', { durable: true });
  await channel.assertQueue(dead.queue, { durable: true });
  await channel.bindQueue(dead.queue, dead.exchange, '');
  await channel.assertQueue(queue, { durable: true, deadLetterExchange: dead.exchange });
}

/** A malformed URL is caught here: amqplib would report "Expected amqp: or amqps: as the protocol; got ". */
function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`AMQP_URL is not a valid URL: "${url}" (expected amqp://user:pass@host:5672)`);
  }
  if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') {
    throw new Error(`AMQP_URL must start with amqp:// or amqps:// (got "${redact(url)}")`);
  }
}

/** The URL without its password, for error messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function describeConnectError(err: unknown, url: string, timeoutMs: number): string {
  const parsed = new URL(url);
  const where = `${parsed.hostname}:${parsed.port || (parsed.protocol === 'amqps:' ? 5671 : 5672)}`;
  const code = (err as NodeJS.ErrnoException).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED') {
    return `RabbitMQ is not answering at ${where} (connection refused); start it with: npm run services:start`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve the RabbitMQ host "${parsed.hostname}" in AMQP_URL`;
  if (message === 'connect ETIMEDOUT' || code === 'ETIMEDOUT') {
    return `no answer from RabbitMQ at ${where} within ${timeoutMs} ms (is it RabbitMQ, and reachable?)`;
  }
  if (message.includes('ACCESS-REFUSED') || message.includes('ACCESS_REFUSED')) {
    const user = decodeURIComponent(parsed.username) || 'guest';
    return `RabbitMQ at ${where} refused the login for user "${user}": wrong user or password in AMQP_URL`;
  }
  if (message.includes('Expected ConnectionOpenOk')) {
    const vhost = decodeURIComponent(parsed.pathname.slice(1)) || '/';
    return `RabbitMQ at ${where} would not open virtual host "${vhost}": does it exist, and may this user use it?`;
  }
  return `cannot connect to RabbitMQ at ${redact(url)}: ${message.split('\n')[0]}`;
}

function describeQueueError(err: unknown, queue: string): string {
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes('PRECONDITION_FAILED') && message.includes('inequivalent arg')) {
    // A queue's arguments are fixed when it is first declared; declaring it again differently is refused.
    return `queue "${queue}" already exists with other settings (${message.replace(/^.*inequivalent arg/, 'inequivalent arg').replace(/"$/, '')}); delete it (management UI > Queues, or: rabbitmqctl delete_queue ${queue}) and run again`;
  }
  return `cannot set up queue "${queue}": ${message.split('\n')[0]}`;
}
