// Exercise 3.1 · reference solution (the statement is in 3.1-delayed-retries.problem.ts).
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
  await redis.zadd(delayedKey(queueName), dueAt, JSON.stringify(job));
}

export async function promoteDueJobs(
  redis: Redis,
  push: (job: RetryingJob) => Promise<void>,
  queueName: string,
  now: number,
): Promise<number> {
  const due = await redis.zrangebyscore(delayedKey(queueName), '-inf', now);
  let pushed = 0;
  for (const member of due) {
    // ZREM is the claim: Redis runs commands one at a time, so when two promoters race for the same
    // member exactly one of them gets 1 back. Claim first, then push: if this process dies between
    // the two, the job is lost. Pushing first and claiming after would never lose it, but two racing
    // promoters would then both push it, in normal operation, not only on a crash. (Making both steps
    // one, a Lua script, would mean writing into the library's own keys.)
    if ((await redis.zrem(delayedKey(queueName), member)) === 1) {
      await push(JSON.parse(member) as RetryingJob);
      pushed++;
    }
  }
  return pushed;
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
