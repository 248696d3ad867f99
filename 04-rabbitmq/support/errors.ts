// What a reader sees when connecting or declaring fails: one line they can act on, never a stack trace.
// channel.ts calls these; they only turn amqplib's errors into words and never touch the broker.
import { errorCode, errorMessage } from '../../common/errors.ts';
import { parseAmqpUrl } from '../../common/servers.ts';

/**
 * Checked before connecting: a malformed URL or a timeout that is not a number is one line, not amqplib's.
 */
export function checkSettings(url: string, connectTimeoutMs: number): URL {
  const parsed = parseAmqpUrl(url);
  if (!(connectTimeoutMs > 0)) {
    throw new Error(
      `AMQP_CONNECT_TIMEOUT_MS must be a number of milliseconds above 0, got ` +
        `"${process.env.AMQP_CONNECT_TIMEOUT_MS}"`,
    );
  }
  return parsed;
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

/**
 * `amqp.connect` failed: say which of the usual causes it was (refused, unresolvable, silent, login, vhost).
 */
export function describeConnectError(err: unknown, url: URL, timeoutMs: number): string {
  const where = `${url.hostname}:${url.port || (url.protocol === 'amqps:' ? 5671 : 5672)}`;
  const code = errorCode(err);
  const message = errorMessage(err);
  if (code === 'ECONNREFUSED') {
    const start = 'start it with: npm run services:start';
    return `RabbitMQ is not answering at ${where} (connection refused); ${start}`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `cannot resolve the RabbitMQ host "${url.hostname}" in AMQP_URL`;
  if (message === 'connect ETIMEDOUT' || code === 'ETIMEDOUT') {
    return `no answer from RabbitMQ at ${where} within ${timeoutMs} ms (is it RabbitMQ, and reachable?)`;
  }
  if (message.includes('ACCESS-REFUSED') || message.includes('ACCESS_REFUSED')) {
    const user = decodeURIComponent(url.username) || 'guest';
    return `RabbitMQ at ${where} refused the login for user "${user}": wrong user or password in AMQP_URL`;
  }
  if (message.includes('Expected ConnectionOpenOk')) {
    const vhost = decodeURIComponent(url.pathname.slice(1)) || '/';
    return (
      `RabbitMQ at ${where} would not open virtual host "${vhost}": does it exist, and may this user ` +
      `use it?`
    );
  }
  return `cannot connect to RabbitMQ at ${redact(url.toString())}: ${message.split('\n')[0]}`;
}

/** Declaring the queues failed; the usual cause is a queue declared earlier with other arguments. */
export function describeQueueError(err: unknown, queue: string): string {
  const message = errorMessage(err);
  if (message.includes('PRECONDITION_FAILED') && message.includes('inequivalent arg')) {
    // A queue's arguments are fixed when it is first declared; declaring it again differently is refused.
    return (
      `queue "${queue}" already exists with other settings ` +
      `(${message.replace(/^.*inequivalent arg/, 'inequivalent arg').replace(/"$/, '')}); delete it ` +
      `(management UI > Queues, or: rabbitmqctl delete_queue ${queue}) and run again`
    );
  }
  return `cannot set up queue "${queue}": ${message.split('\n')[0]}`;
}

/** The reason a worker or consumer gives when its connection is gone, as one line. */
export function lostConnection(reason: unknown): Error {
  return new Error(`lost the connection to RabbitMQ: ${errorMessage(reason).split('\n')[0]}`);
}
