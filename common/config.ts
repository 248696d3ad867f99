// Configuration from the environment, with the defaults every chapter and test expects.
// Each value can be overridden per shell: `AMQP_URL=amqp://user:pass@host:5672 npm run chapter:4`.

/** Redis for chapter 3. The queue library takes host and port, so we parse a URL into both. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** RabbitMQ for chapter 4. The article's default, guest/guest on the local broker. */
export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@localhost:5672';

export interface RedisAddress {
  host: string;
  port: number;
  password?: string;
}

/** Splits a `redis://[:password@]host[:port]` URL; a malformed one is a clear error, not a silent default. */
export function parseRedisUrl(url: string = REDIS_URL): RedisAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`REDIS_URL is not a valid URL: "${url}" (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:') {
    throw new Error(`REDIS_URL must start with redis:// (got "${url}")`);
  }
  const address: RedisAddress = { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379) };
  if (parsed.password) address.password = decodeURIComponent(parsed.password);
  return address;
}
