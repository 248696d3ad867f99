// What the producer and the workers agree on: the queue's name, the shape of a job, how to reach Redis,
// and which Redis keys belong to a queue.
import type { Redis } from 'ioredis';
import type Queue from 'simple-redis-safe-work-queue';
import { parseRedisUrl, REDIS_URL } from '../common/config.ts';

/** The article's queue name. Tests pass their own (uniqueName) so they never see each other's jobs. */
export const WEBHOOK_QUEUE = 'invoke webhook';

/** A job: the HTTP request to make, in the shape of the article's listing (`url`, `method`, `json`). */
export interface WebhookJob {
  url: string;
  method: 'POST';
  json: SignupEvent;
}

/** What the receiver is told. `eventId` is the same on every delivery of one event: its idempotency key. */
export interface SignupEvent {
  event: 'user.signed-up';
  eventId: string;
  user: { id: number; email: string; name: string };
}

export function webhookJob(url: string, user: SignupEvent['user']): WebhookJob {
  return { url, method: 'POST', json: { event: 'user.signed-up', eventId: `user-${user.id}-signed-up`, user } };
}

/** "signup #3 (ada@example.com)": how the logs name a job. */
export function describeJob(job: WebhookJob): string {
  const user = job?.json?.user;
  return user ? `signup #${user.id} (${user.email})` : `a malformed job ${JSON.stringify(job)}`;
}

/**
 * Host, port and password for the library, from REDIS_URL, plus reconnect behaviour for the bundled
 * redis@2 client. Its default backs off by 1.7x per attempt without a cap, so after a 10 s outage the
 * next attempt could be 8 s away; we retry at most a second apart, forever. (While `retry_strategy` is
 * set, redis@2 does not emit an 'error' for each failed reconnect.)
 */
export function connectionOptions(url: string = REDIS_URL, redisOptions: Queue.RedisOptions = {}): Queue.ConnectionOptions {
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
    /** LIST of jobs that ran out of attempts, kept by our worker (not by the library). */
    failed: `${name}-failed`,
  };
}

/** Deletes every key of a queue, the failed list included. For tests and for a fresh demo run. */
export async function deleteQueue(redis: Redis, name: string): Promise<number> {
  const keys = queueKeys(name);
  let deleted = await redis.del(keys.pending, keys.stalled, keys.timeout, keys.failed);
  // SCAN's pattern language treats * ? [ ] \ specially; escape them so the name is matched literally.
  const pattern = `${name.replace(/[*?[\]\\]/g, '\\$&')}#*`;
  for await (const batch of redis.scanStream({ match: pattern, count: 500 })) {
    if ((batch as string[]).length) deleted += await redis.del(...(batch as string[]));
  }
  return deleted;
}
