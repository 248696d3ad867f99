// Is a server answering? Chapters call these before they start, and tests call them in `beforeAll`,
// so a missing server is one clear line that says how to start it, not a stack trace or a hang.
import net from 'node:net';
import { AMQP_URL, REDIS_URL, parseRedisUrl } from './config.ts';

export const START_HINT = 'start it with: npm run services:start (or see README, "Servers")';

/** Resolves true when something accepts TCP connections on host:port within `timeoutMs`. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function requireRedis(url: string = REDIS_URL): Promise<void> {
  const { host, port } = parseRedisUrl(url);
  if (!(await canConnect(host, port))) {
    throw new Error(`Redis is not answering at ${host}:${port} (REDIS_URL=${url}); ${START_HINT}`);
  }
}

/**
 * The one check of an AMQP URL, shared by requireRabbitMQ and chapter 4's connect: a malformed URL or
 * another protocol is one clear line (amqplib alone would say "Expected amqp: or amqps: as the protocol").
 */
export function parseAmqpUrl(url: string = AMQP_URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`AMQP_URL is not a valid URL: "${url}" (expected amqp://user:pass@host:5672)`);
  }
  if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') {
    // never echo a password
    const shown = parsed.password ? url.replace(`:${parsed.password}@`, ':***@') : url;
    throw new Error(`AMQP_URL must start with amqp:// or amqps:// (got "${shown}")`);
  }
  return parsed;
}

export async function requireRabbitMQ(url: string = AMQP_URL): Promise<void> {
  const parsed = parseAmqpUrl(url);
  const host = parsed.hostname || 'localhost';
  const port = Number(parsed.port || (parsed.protocol === 'amqps:' ? 5671 : 5672));
  if (!(await canConnect(host, port))) {
    throw new Error(`RabbitMQ is not answering at ${host}:${port}; ${START_HINT}`);
  }
}
