// With maxRetries: 2 a job gets two attempts. An attempt that runs past the job's timeout does not count:
// the timeout watchdog puts the job back without touching its `tried` counter, so after one timed-out
// attempt the job still gets two full attempts. (A job that always hangs is therefore retried forever.)
// Each step waits for its event: the job's timeout is a minute, and the first attempt is made to run
// past it by moving its deadline into the past (the score in `<queue>-timeout`, what the watchdog reads)
// once the receiver has that attempt in hand; the later attempts have their full minute.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { webhookJob } from '../job.ts';
import { pushJob } from '../support/redis.ts';
import { useChapter3 } from './fixture.ts';

describe('an attempt that runs past its timeout', () => {
  const ch3 = useChapter3('timeout-not-attempt');

  it('is not counted: the job still gets its two attempts afterwards', async () => {
    // Call 1 is never answered; calls 2 and 3 fail with 500.
    const receiver = await ch3.receiver((call) => (call.attempt === 1 ? new Promise<number>(() => {}) : 500));
    const worker = await ch3.worker({ requestTimeoutMs: 120_000 });
    const job = webhookJob(receiver.url, { id: 1, email: 'ada@example.com', name: 'Ada' });
    await pushJob(ch3.client(), job, { timeout: 60_000 });

    await waitFor('attempt 1 to reach the receiver', () => receiver.calls.length === 1);
    const [id] = await ch3.redis.zrange(ch3.keys().timeout, 0, -1);
    expect(await ch3.redis.zadd(ch3.keys().timeout, 'XX', 'CH', 0, id!)).toBe(1); // its deadline: long past
    await waitFor('the watchdog to put it back', () =>
      worker.log.lines.some((l) => l.includes(`job ${id} ran past its timeout: put back in the queue`)),
    );
    await waitFor('the job in the failed list', async () => (await ch3.redis.llen(ch3.keys().failed)) === 1, {
      timeoutMs: 20_000,
    });

    expect(worker.log.lines.filter((l) => l.includes('ran past its timeout'))).toHaveLength(1);
    // Three calls: the timed-out one, then the two attempts maxRetries allows.
    expect(receiver.calls.map((c) => [c.attempt, c.status])).toEqual([
      [1, undefined],
      [2, 500],
      [3, 500],
    ]);
    await waitFor('the queue to be empty', () => ch3.isDrained());
  });
});
