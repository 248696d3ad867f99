// With maxRetries: 2 a job gets two attempts. An attempt that runs past the job's timeout does not count:
// the timeout watchdog puts the job back without touching its `tried` counter, so after one timed-out
// attempt the job still gets two full attempts. (A job that always hangs is therefore retried forever.)
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { webhookJob } from '../job.ts';
import { pushJob } from '../support/redis.ts';
import { useChapter3 } from './fixture.ts';

describe('an attempt that runs past its timeout', () => {
  const ch3 = useChapter3('timeout-not-attempt');

  it('is not counted: the job still gets its two attempts afterwards', async () => {
    // Call 1 is never answered (it outlives the 1 s job timeout); calls 2 and 3 fail with 500.
    const receiver = await ch3.receiver((call) => (call.attempt === 1 ? new Promise<number>(() => {}) : 500));
    const worker = await ch3.worker({ requestTimeoutMs: 60_000 });
    await pushJob(ch3.client(), webhookJob(receiver.url, { id: 1, email: 'ada@example.com', name: 'Ada' }), {
      timeout: 1000,
    });

    await waitFor('the job in the failed list', async () => (await ch3.redis.llen(ch3.keys().failed)) === 1, {
      timeoutMs: 20_000,
    });

    expect(
      worker.log.lines.filter((l) => /ran past its timeout: put back in the queue/.test(l)),
    ).toHaveLength(1);
    // Three calls: the timed-out one, then the two attempts maxRetries allows.
    expect(receiver.calls.map((c) => [c.attempt, c.status])).toEqual([
      [1, undefined],
      [2, 500],
      [3, 500],
    ]);
  });
});
