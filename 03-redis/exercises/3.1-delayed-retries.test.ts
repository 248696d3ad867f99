// Tests for exercise 3.1, against the real Redis. They run against your problem file, or the solution
// with --solution.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import Queue from 'simple-redis-safe-work-queue';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { waitFor } from '../../common/time.ts';
import { webhookJob, type WebhookJob } from '../job.ts';
import { connectionOptions, pushJob, queueKeys, stopClient } from '../support/redis.ts';
import { failFirst, startReceiver, type Receiver } from '../support/receiver.ts';
import { recorder as recordingLogger } from '../test/fixture.ts';
import { afterTheQuickTests } from '../../common/testing/exercise.ts';
import * as problem from './3.1-delayed-retries.problem.ts';
import * as solution from './3.1-delayed-retries.solution.ts';

const { scheduleRetry, promoteDueJobs, startDelayedRetryWorker, delayedKey } =
  process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

/**
 * Deletes this test's keys by name (no SCAN: that walks the whole keyspace, slow when a shared Redis
 * holds many keys). Job hashes are found through the lists and the set that name their ids.
 */
async function deleteKeys(redis: Redis, queueName: string): Promise<void> {
  const keys = queueKeys(queueName);
  const ids = [
    ...(await redis.lrange(keys.pending, 0, -1)),
    ...(await redis.lrange(keys.stalled, 0, -1)),
    ...(await redis.zrange(keys.timeout, 0, -1)),
  ];
  await redis.del(
    keys.pending,
    keys.stalled,
    keys.timeout,
    keys.failed,
    delayedKey(queueName),
    ...ids.map((id) => keys.job(id)),
  );
}

const job = (id: number) =>
  webhookJob('http://127.0.0.1:9/hooks', { id, email: `user${id}@example.com`, name: `User ${id}` });

describe('delayed retries', () => {
  let queueName: string;
  let redis: Redis;
  let client: Queue.Client<WebhookJob>;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(() => requireRedis());
  beforeEach(() => {
    queueName = uniqueName('ex-3.1');
    redis = new Redis(REDIS_URL);
    client = Queue.client<WebhookJob>(queueName, connectionOptions());
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await stopClient(client);
    await deleteKeys(redis, queueName);
    await redis.quit();
  });

  it('scheduleRetry parks the job in the sorted set, scored by its due time', async () => {
    const parked = { ...job(1), attempt: 2 };
    await scheduleRetry(redis, queueName, parked, 1_700_000_000_000);

    const entries = await redis.zrange(delayedKey(queueName), 0, -1, 'WITHSCORES');
    expect(entries).toHaveLength(2);
    expect(JSON.parse(entries[0]!)).toEqual(parked);
    expect(Number(entries[1])).toBe(1_700_000_000_000);
  });

  it('promoteDueJobs pushes the due jobs back into the queue and leaves the others parked', async () => {
    const now = Date.now();
    await redis.zadd(delayedKey(queueName), now - 1, JSON.stringify({ ...job(1), attempt: 2 }));
    await redis.zadd(delayedKey(queueName), now + 60_000, JSON.stringify({ ...job(2), attempt: 2 }));

    const pushed = await promoteDueJobs(redis, (j) => pushJob(client, j), queueName, now);

    expect(pushed).toBe(1);
    expect(await redis.llen(queueKeys(queueName).pending)).toBe(1);
    const left = await redis.zrange(delayedKey(queueName), 0, -1);
    expect(left.map((m) => JSON.parse(m).json.user.id)).toEqual([2]);
  });

  it('two promoters racing over the same due jobs push each job exactly once', async () => {
    const now = Date.now();
    for (let id = 1; id <= 20; id++)
      await redis.zadd(delayedKey(queueName), now - id, JSON.stringify({ ...job(id), attempt: 2 }));
    const other = new Redis(REDIS_URL);
    cleanups.push(() => other.quit());
    const pushedIds: number[] = [];
    const push = async (j: { json: { user: { id: number } } }) => {
      pushedIds.push(j.json.user.id);
    };

    const [a, b] = await Promise.all([
      promoteDueJobs(redis, push, queueName, now),
      promoteDueJobs(other, push, queueName, now),
    ]);

    expect(a + b).toBe(20);
    expect(pushedIds.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await redis.zcard(delayedKey(queueName))).toBe(0);
  });

  it(
    'the worker waits between attempts: a webhook failing twice is delivered by its third ' + 'attempt',
    async (ctx) => {
      afterTheQuickTests(ctx);
      const callTimes: number[] = [];
      const fails = failFirst(2);
      const receiver: Receiver = await startReceiver({
        log: recordingLogger(),
        policy: (call) => {
          callTimes.push(Date.now());
          return fails(call);
        },
      });
      cleanups.push(() => receiver.close());
      const log = recordingLogger();
      const worker = startDelayedRetryWorker({
        workerId: 'test',
        queueName,
        baseDelayMs: 200,
        maxAttempts: 4,
        pollMs: 20,
        log,
      });
      cleanups.push(() => worker.stop());
      await worker.ready;

      await pushJob(
        client,
        webhookJob(receiver.url, { id: 7, email: 'grace@example.com', name: 'Grace Hopper' }),
      );
      // Stop waiting at the first of three events: delivered; a job the worker could not park (an
      // unfinished scheduleRetry); a parked job left in the set 2 s past its due time, while the worker's
      // promoter looks every 20 ms (an unfinished promoteDueJobs). The assertions below then say which.
      const overdue = async () =>
        (await redis.zrangebyscore(delayedKey(queueName), '-inf', Date.now() - 2000)).length > 0;
      await waitFor(
        'the webhook to be delivered, or the exercise to show where it stops',
        async () =>
          receiver.delivered.has('user-7-signed-up') ||
          log.lines.some((l) => l.includes('could not be parked')) ||
          (await overdue()),
        { timeoutMs: 25_000 },
      );
      expect(log.lines.filter((l) => l.startsWith('ERROR'))).toEqual([]);

      expect(receiver.calls.map((c) => [c.attempt, c.status])).toEqual([
        [1, 500],
        [2, 500],
        [3, 204],
      ]);
      // The pauses were at least 200 ms, then 400 ms (lower bounds: a slow machine only adds to them).
      expect(callTimes[1]! - callTimes[0]!).toBeGreaterThanOrEqual(200);
      expect(callTimes[2]! - callTimes[1]!).toBeGreaterThanOrEqual(400);
      expect(await redis.zcard(delayedKey(queueName))).toBe(0);
      expect(await redis.llen(queueKeys(queueName).failed)).toBe(0);
    },
  );
});
