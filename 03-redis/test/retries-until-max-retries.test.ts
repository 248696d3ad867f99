// choosing: retries a failed job; keeps jobs that fail for good
// maxRetries: 2 means two attempts in all. A job whose webhook fails twice is given up (and kept in the
// failed list); a job that fails once is delivered by its second attempt.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { webhookJob } from '../job.ts';
import { failFirst } from '../support/receiver.ts';
import { pushJob } from '../support/redis.ts';
import { useChapter3 } from './fixture.ts';

describe('retries, with maxRetries: 2', () => {
  const ch3 = useChapter3('retries');

  it('a webhook failing twice is given up after exactly 2 attempts and kept in the failed list', async () => {
    // it would succeed on a third attempt, which never comes
    const receiver = await ch3.receiver(failFirst(2));
    const worker = await ch3.worker();
    const job = webhookJob(receiver.url, { id: 7, email: 'grace@example.com', name: 'Grace Hopper' });
    await pushJob(ch3.client(), job);

    const failedKey = ch3.keys().failed;
    const [entry] = await waitFor('the job in the failed list', async () => {
      const entries = await ch3.redis.lrange(failedKey, 0, -1);
      return entries.length > 0 && entries;
    });
    expect(JSON.parse(entry!)).toMatchObject({ job, error: 'response status code was 500', worker: 'test' });
    await waitFor('the queue to be empty', () => ch3.isDrained());

    expect(receiver.calls.map((c) => [c.eventId, c.attempt, c.status])).toEqual([
      ['user-7-signed-up', 1, 500],
      ['user-7-signed-up', 2, 500],
    ]);
    expect(receiver.delivered.size).toBe(0);
    expect(await ch3.redis.llen(failedKey)).toBe(1);
    expect(worker.log.lines.filter((l) => l.includes('max retries reached'))).toHaveLength(1);
  });

  it('a webhook failing once is delivered by the second attempt', async () => {
    const receiver = await ch3.receiver(failFirst(1));
    const worker = await ch3.worker();
    await pushJob(
      ch3.client(),
      webhookJob(receiver.url, { id: 8, email: 'alan@example.com', name: 'Alan Turing' }),
    );

    await waitFor('the webhook to be delivered', () => receiver.delivered.get('user-8-signed-up'));
    await waitFor('the queue to be empty', () => ch3.isDrained());

    expect(receiver.calls.map((c) => [c.attempt, c.status])).toEqual([
      [1, 500],
      [2, 204],
    ]);
    expect(await ch3.redis.llen(ch3.keys().failed)).toBe(0);
    expect(worker.log.lines.some((l) => l.includes('goes back in the queue'))).toBe(true);
  });
});
