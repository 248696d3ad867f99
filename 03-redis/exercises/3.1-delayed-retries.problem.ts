// Exercise 3.1 · Retries with a delay: park failed jobs in a sorted set until they are due
// Difficulty: ★★☆ medium · about 30 min
//
// The library puts a failed job back in the queue at once, so every attempt lands within milliseconds:
// a receiver that is down for ten seconds sees all of them fail and the job is given up. Retries need
// a pause between them, and Redis has just the structure for "jobs waiting until a time": a sorted
// set, scored by the time (ms since 1970) each job is due again.
//
// The worker below (already written) no longer lets the library retry. When a POST fails it parks the
// job, with attempt + 1, in the sorted set `<queue>-delayed` and finishes the library's job; a
// promoter polls the set and pushes the jobs that are due back into the queue. Write the two pieces:
//
// 1. scheduleRetry(redis, queueName, job, dueAt): ZADD the job (as JSON) to delayedKey(queueName)
//    with the score dueAt.
// 2. promoteDueJobs(redis, push, queueName, now): read the members whose score is <= now
//    (ZRANGEBYSCORE key -inf now), and for each: ZREM it, and push(JSON.parse(member)) ONLY if ZREM
//    returned 1. Two promoters (two worker processes) may read the same due job; only the one whose
//    ZREM removed it may push it, so each job goes back exactly once. Return how many you pushed.
//
// Run: npm run exercise -- 3.1   (needs Redis: npm run services:start)
import { Redis } from 'ioredis';
import Queue from 'simple-redis-safe-work-queue';
import type { Logger } from '../../common/log.ts';
import { errorMessage } from '../../common/errors.ts';
import { REDIS_URL } from '../../common/config.ts';
import { decodeJob, describeJob, type WebhookJob } from '../job.ts';
import { connectionOptions, pushJob, queueKeys } from '../support/redis.ts';

/** A webhook job that knows which attempt it is on (1 when first pushed). */
export type RetryingJob = WebhookJob & { attempt?: number };

/** The sorted set of jobs waiting for their next attempt: member = the job as JSON, score = due time. */
export const delayedKey = (queueName: string) => `${queueName}-delayed`;

export async function scheduleRetry(
  redis: Redis,
  queueName: string,
  job: RetryingJob,
  dueAt: number,
): Promise<void> {
  // TODO: ZADD the job to the sorted set, scored by the time it is due.
  throw new Error('TODO: scheduleRetry (exercise 3.1)');
}

export async function promoteDueJobs(
  redis: Redis,
  push: (job: RetryingJob) => Promise<void>,
  queueName: string,
  now: number,
): Promise<number> {
  // TODO: find the due members, ZREM each one, push it only if ZREM returned 1. Return the count.
  return 0;
}

// ---- Already written: a webhook worker with delayed retries, built on the two functions above. ----

export interface DelayedRetryWorkerOptions {
  workerId: string;
  queueName: string;
  redisUrl?: string;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** The pause after the first failure; it doubles after each further one. */
  baseDelayMs?: number;
  /** How often the promoter looks for due jobs. */
  pollMs?: number;
  log: Logger;
}

export function startDelayedRetryWorker(options: DelayedRetryWorkerOptions) {
  const {
    workerId,
    queueName,
    redisUrl = REDIS_URL,
    maxAttempts = 4,
    baseDelayMs = 1000,
    pollMs = 100,
  } = options;
  const { log } = options;
  const redis = new Redis(redisUrl);
  const client = Queue.client<RetryingJob>(queueName, connectionOptions(redisUrl));
  const push = (job: RetryingJob) => pushJob(client, job);

  // maxRetries: 1, the library never retries by itself: we call done() once the job is parked, and an
  // error reaches the library only when parking it failed.
  const worker = Queue.worker(
    queueName,
    (payload, done) => {
      const job: RetryingJob = { ...decodeJob(payload), attempt: attemptOf(payload) };
      const attempt = job.attempt ?? 1;
      deliver(job, workerId).then(
        () => {
          log(' [x] %s delivered on attempt %d', describeJob(job), attempt);
          done();
        },
        async (err: Error) => {
          try {
            if (attempt >= maxAttempts) {
              await redis.lpush(queueKeys(queueName).failed, JSON.stringify({ job, error: err.message }));
              log(' [✗] %s given up after %d attempts: %s', describeJob(job), attempt, err.message);
            } else {
              const delay = baseDelayMs * 2 ** (attempt - 1);
              await scheduleRetry(redis, queueName, { ...job, attempt: attempt + 1 }, Date.now() + delay);
              log(
                ' [~] %s failed (%s): attempt %d in %d ms',
                describeJob(job),
                err.message,
                attempt + 1,
                delay,
              );
            }
            done();
          } catch (parkErr) {
            log.error(' [!] %s could not be parked: %s', describeJob(job), errorMessage(parkErr));
            done(parkErr instanceof Error ? parkErr : new Error(errorMessage(parkErr)));
          }
        },
      );
    },
    { ...connectionOptions(redisUrl), maxRetries: 1, popTimeout: 1 },
  );
  worker.on('error', (err) => log.error('queue error: %s', err.message));

  const promoter = setInterval(() => {
    promoteDueJobs(redis, push, queueName, Date.now()).catch((err: Error) =>
      log.error('promoter: %s', err.message),
    );
  }, pollMs);

  return {
    ready: new Promise<void>((resolve) => worker.once('ready', () => resolve())),
    async stop() {
      clearInterval(promoter);
      await new Promise<void>((resolve) => worker.stop(() => resolve()));
      await new Promise<void>((resolve) => client.stop(() => resolve()));
      await redis.quit();
    },
  };
}

/** The attempt a payload carries (decodeJob keeps only the webhook's own fields); 1 when first pushed. */
function attemptOf(payload: unknown): number {
  const attempt = (payload as { attempt?: unknown } | null)?.attempt;
  return typeof attempt === 'number' ? attempt : 1;
}

async function deliver(job: RetryingJob, workerId: string): Promise<void> {
  const res = await fetch(job.url, {
    method: job.method,
    headers: { 'content-type': 'application/json', 'x-delivered-by': `worker ${workerId}` },
    body: JSON.stringify(job.json),
    signal: AbortSignal.timeout(5000),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`response status code was ${res.status}`);
}
