// choosing: survives a worker crash; never loses an accepted job; never runs a job twice
// A worker SIGKILLed in the middle of a job: the job stays in Redis (its id in the timeout set, its hash
// untouched), and once its timeout has passed another worker's watchdog puts it back and delivers it.
// The receiver sees the event twice: delivery is at-least-once.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { webhookJob } from '../job.ts';
import { pushJob } from '../support/redis.ts';
import { SLOW, useChapter3 } from './fixture.ts';

/** Short, so the test is quick; real jobs need a timeout longer than their slowest run. */
const JOB_TIMEOUT_MS = 2000;

describe('a worker killed mid-job', () => {
  const ch3 = useChapter3('killed');

  it(
    'is delivered by another worker after the job timeout',
    async () => {
      // Worker A's calls are never answered: A is still "working" on the job when it is killed.
      const receiver = await ch3.receiver((call) =>
        call.deliveredBy === 'worker A' ? new Promise<number>(() => {}) : 204,
      );
      // Worker A, a real process, takes the job.
      const workerA = ch3.spawnWorker('A');
      await workerA.waitForLine(/ready: waiting for jobs/, SLOW.startMs);
      await pushJob(
        ch3.client(),
        webhookJob(receiver.url, { id: 1, email: 'ken@example.com', name: 'Ken Thompson' }),
        { timeout: JOB_TIMEOUT_MS },
      );
      await waitFor('worker A to be in the middle of the job', () =>
        receiver.calls.find((c) => c.deliveredBy === 'worker A'),
      );

      // A power cut: no cleanup, no goodbye to Redis.
      await workerA.kill('SIGKILL');
      // The job is neither done nor lost: it waits in the timeout set for its deadline.
      expect(await ch3.redis.zcard(ch3.keys().timeout)).toBe(1);
      // A's deadline (set when A popped it) is the one under test. B's own attempt gets a minute, read from
      // the job's hash when B pops it, so a slow machine cannot time B out as well.
      const [id] = await ch3.redis.zrange(ch3.keys().timeout, 0, -1);
      await ch3.redis.hset(ch3.keys().job(id!), 'timeout', 60_000);

      // Worker B (in this process) starts afterwards; its timeout watchdog finds the job past its deadline.
      const workerB = await ch3.worker({ workerId: 'B' });
      const delivery = await waitFor(
        'worker B to deliver the job',
        () => receiver.delivered.get('user-1-signed-up'),
        { timeoutMs: 30_000 },
      );
      expect(delivery.deliveredBy).toBe('worker B');
      // A timeout watchdog put it back: B's (or, on a very slow machine, A's own before it died).
      expect(
        [...workerB.log.lines, ...workerA.lines].some((l) =>
          /ran past its timeout: put back in the queue/.test(l),
        ),
      ).toBe(true);
      await waitFor('the queue to be empty', () => ch3.isDrained());

      // Worker A's call reached the receiver too: the event arrived twice, which is why receivers must be
      // idempotent.
      const statuses = (worker: string) =>
        receiver.calls.filter((c) => c.deliveredBy === worker).map((c) => c.status);
      expect(statuses('worker A')).toContain(undefined); // never answered: A died waiting
      expect(statuses('worker A').every((status) => status === undefined)).toBe(true);
      expect(statuses('worker B')).toEqual([204]);
    },
    SLOW.testMs,
  );
});
