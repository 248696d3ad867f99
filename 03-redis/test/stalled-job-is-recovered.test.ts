// choosing: survives a worker crash (simulated)
// A worker that dies between popping a job and starting it (the job's id moved to `<queue>-stalled`,
// its timeout never set) leaves the job nowhere a timeout would find it. The stalled watchdog of any
// live worker puts it back after `stalledTimeout` (5 s by default), and the job is delivered.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { webhookJob } from '../job.ts';
import { pushJob } from '../support/redis.ts';
import { useChapter3 } from './fixture.ts';

describe('a job popped by a worker that died before starting it', () => {
  const ch3 = useChapter3('stalled');

  it("is put back by another worker's stalled watchdog and delivered", async () => {
    const receiver = await ch3.receiver();
    await pushJob(ch3.client(), webhookJob(receiver.url, { id: 1, email: 'ada@example.com', name: 'Ada' }));
    // Exactly what the library's pop does, and all a worker killed right after it leaves behind.
    const id = await ch3.redis.rpoplpush(ch3.keys().pending, ch3.keys().stalled);
    expect(id).toBeTruthy();
    // no timeout: the timeout watchdog cannot see it
    expect(await ch3.redis.zscore(ch3.keys().timeout, id!)).toBeNull();

    const worker = await ch3.worker();
    await waitFor('the job to be delivered', () => receiver.delivered.get('user-1-signed-up'), {
      timeoutMs: 20_000,
    });
    expect(
      worker.log.lines.some((l) =>
        l.includes(`job ${id} was popped but never started: put back in the queue`),
      ),
    ).toBe(true);
    await waitFor('the queue to be empty', () => ch3.isDrained());
    expect(receiver.calls).toHaveLength(1);
  });
});
