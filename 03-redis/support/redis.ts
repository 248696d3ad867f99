// What the chapter leans on to talk to Redis: the connection options for the library's bundled redis@2
// client, the server's queue client (connected, failing fast while Redis is down), the keys a queue is
// made of, and finding or deleting keys by prefix (tests, `reset` and the benchmark's cleanup).
import type { Redis } from 'ioredis';
import Queue from 'simple-redis-safe-work-queue';
import { parseRedisUrl, REDIS_URL } from '../../common/config.ts';
import type { Logger } from '../../common/log.ts';
import { START_HINT } from '../../common/servers.ts';
import type { WebhookJob } from '../job.ts';

/**
 * Host, port and password for the library, from REDIS_URL, plus reconnect behaviour for the bundled
 * redis@2 client. Its default backs off by 1.7x per attempt without a cap, so after a 10 s outage the
 * next attempt could be 8 s away; we retry at most a second apart. (While `retry_strategy` is set,
 * redis@2 emits no 'error' per failed attempt.) redis@2 still gives up for good once an outage has
 * lasted `connect_timeout` (one hour by default): see docs/03-redis-deep-dive.md.
 */
export function connectionOptions(
  url: string = REDIS_URL,
  redisOptions: Queue.RedisOptions = {},
): Queue.ConnectionOptions {
  return {
    ...parseRedisUrl(url),
    redisOptions: { retry_strategy: ({ attempt }) => Math.min(attempt * 100, 1000), ...redisOptions },
  };
}

/** The Redis keys behind a queue named `name` (see docs/03-redis.md, "Watching the keys"). */
export function queueKeys(name: string) {
  return {
    /** LIST of job ids waiting; producers LPUSH, workers BRPOPLPUSH from the other end. */
    pending: `${name}-pending`,
    /** LIST of job ids popped but not yet started (a worker that dies right here is caught by this). */
    stalled: `${name}-stalled`,
    /** SORTED SET job id -> the time (ms) its current attempt times out. */
    timeout: `${name}-timeout`,
    /** HASH per job: id, payload (JSON), tried, timeout. */
    job: (id: string) => `${name}#${id}`,
    /** LIST of jobs that ran out of attempts (or could not be read), kept by our worker, not the library. */
    failed: `${name}-failed`,
  };
}

/**
 * Every key starting with `prefix`, in batches, with SCAN (never KEYS, which blocks a busy server).
 * SCAN's pattern language treats * ? [ ] \ specially; they are escaped so the prefix matches literally.
 */
export async function* scanPrefix(redis: Redis, prefix: string, count = 500): AsyncGenerator<string[]> {
  const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  for await (const batch of redis.scanStream({ match, count })) {
    if ((batch as string[]).length) yield batch as string[];
  }
}

/** Every key of the queue that exists, job hashes included, sorted (an empty list: nothing stored). */
export async function existingKeys(redis: Redis, queueName: string): Promise<string[]> {
  const found: string[] = [];
  for await (const batch of scanPrefix(redis, queueName)) found.push(...batch);
  return found.sort();
}

/** Deletes every key of a queue, the failed list included. For tests and for a fresh demo run. */
export async function deleteQueue(redis: Redis, name: string): Promise<number> {
  const keys = queueKeys(name);
  let deleted = await redis.del(keys.pending, keys.stalled, keys.timeout, keys.failed);
  for await (const batch of scanPrefix(redis, `${name}#`)) deleted += await redis.del(...batch);
  return deleted;
}

/** push() with a promise. Resolves once Redis has stored the job (the MULTI has been executed). */
export function pushJob<T>(client: Queue.Client<T>, job: T, options: Queue.PushOptions = {}): Promise<void> {
  return new Promise((resolve, reject) =>
    client.push(job, options, (err) => (err ? reject(err) : resolve())),
  );
}

/** stop() with a promise: resolves once the client's connection has ended. */
export function stopClient(client: Queue.Client<unknown>): Promise<void> {
  return new Promise((resolve) => client.stop(() => resolve()));
}

/**
 * The sign-up server's queue client, connected. Two changes so that a sign-up while Redis is down gets a
 * prompt 503 and the server goes on: no offline queue (redis@2 would hold the push until it reconnects,
 * up to an hour), and an 'error' listener (an 'error' event nobody listens to is thrown, and would stop
 * the server). Rejects after 5 s if Redis does not answer.
 */
export async function connectQueueClient(
  queueName: string,
  redisUrl: string,
  jobTimeoutMs: number,
  log: Logger,
) {
  const queue = Queue.client<WebhookJob>(queueName, {
    ...connectionOptions(redisUrl, { enable_offline_queue: false }),
    defaultTimeout: jobTimeoutMs,
  });
  queue.on('error', (err) => log.error('queue client error: %s', err.message));

  const connected = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    queue.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!connected) {
    queue.client.end(false);
    const { host, port } = parseRedisUrl(redisUrl);
    throw new Error(`Redis is not answering at ${host}:${port}; ${START_HINT}`);
  }
  return queue;
}
