// choosing: keeps jobs that fail for good
// A payload that is not a webhook job (pushed by hand, by an older producer) is refused by decodeJob:
// the worker keeps it in the failed list with the reason, calls nobody, does not retry it, and goes on.
import { describe, expect, it } from 'vitest';
import Queue from 'simple-redis-safe-work-queue';
import { waitFor } from '../../common/time.ts';
import { webhookJob } from '../job.ts';
import { connectionOptions, pushJob, stopClient } from '../support/redis.ts';
import { useChapter3 } from './fixture.ts';

describe('a malformed job', () => {
  const ch3 = useChapter3('malformed');

  it('is kept as failed with the reason, never retried, and the next job is delivered', async () => {
    const receiver = await ch3.receiver();
    const worker = await ch3.worker();
    const anything = Queue.client<unknown>(ch3.queueName, connectionOptions());
    ch3.defer(() => stopClient(anything));
    await pushJob(anything, { url: 42, json: 'hello' });
    await pushJob(
      ch3.client(),
      webhookJob(receiver.url, { id: 2, email: 'grace@example.com', name: 'Grace' }),
    );

    await waitFor('the good job to be delivered', () => receiver.delivered.get('user-2-signed-up'));
    await waitFor('the queue to be empty', () => ch3.isDrained());
    // The worker keeps the refused job with an LPUSH of its own, which may land a moment after the
    // queue's lists are empty: wait for it, rather than reading the list once.
    await waitFor(
      'the refused job in the failed list',
      async () => (await ch3.redis.llen(ch3.keys().failed)) > 0,
    );
    const failed = (await ch3.redis.lrange(ch3.keys().failed, 0, -1)).map((e) => JSON.parse(e));
    expect(failed).toEqual([
      expect.objectContaining({
        job: { url: 42, json: 'hello' },
        error: expect.stringMatching(/^not a webhook job \(url must be an http\(s\) URL\)/),
      }),
    ]);
    expect(receiver.calls).toHaveLength(1);
    expect(worker.log.lines.some((l) => l.includes('goes back in the queue'))).toBe(false);
  });
});
