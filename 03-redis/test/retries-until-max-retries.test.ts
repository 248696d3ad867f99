// maxRetries: 2 means two attempts in all. A job whose webhook fails twice is given up (and kept in the
// failed list); a job that fails once is delivered by its second attempt.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import Queue from 'simple-redis-safe-work-queue';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { waitFor } from '../../common/time.ts';
import { connectionOptions, deleteQueue, queueKeys, webhookJob } from '../queue.ts';
import { failFirst, startReceiver, type Policy, type Receiver } from '../receiver.ts';
import { startWebhookWorker, type WebhookWorker } from '../webhook-worker.ts';
import { pushJob, queueIsDrained, recordingLogger, stopClient } from './helpers.ts';

describe('retries, with maxRetries: 2', () => {
  let queueName: string;
  let redis: Redis;
  let client: Queue.Client;
  let receiver: Receiver;
  let worker: WebhookWorker;
  let workerLog: ReturnType<typeof recordingLogger>;

  beforeAll(() => requireRedis());

  async function start(policy: Policy) {
    receiver = await startReceiver({ policy, quiet: true });
    workerLog = recordingLogger();
    worker = startWebhookWorker({ workerId: 'test', queueName, log: workerLog });
    await worker.ready;
  }

  beforeEach(() => {
    queueName = uniqueName('retries');
    redis = new Redis(REDIS_URL);
    client = Queue.client(queueName, connectionOptions());
  });

  afterEach(async () => {
    await worker.stop();
    await stopClient(client);
    await receiver.close();
    await deleteQueue(redis, queueName);
    await redis.quit();
  });

  it('a webhook failing twice is given up after exactly 2 attempts and kept in the failed list', async () => {
    await start(failFirst(2)); // it would succeed on a third attempt, which never comes
    const job = webhookJob(receiver.url, { id: 7, email: 'grace@example.com', name: 'Grace Hopper' });
    await pushJob(client, job);

    const failedKey = queueKeys(queueName).failed;
    const [entry] = await waitFor('the job in the failed list', async () => {
      const entries = await redis.lrange(failedKey, 0, -1);
      return entries.length > 0 && entries;
    });
    expect(JSON.parse(entry!)).toMatchObject({ job, error: 'response status code was 500', worker: 'test' });
    await waitFor('the queue to be empty', () => queueIsDrained(redis, queueName));

    expect(receiver.calls.map((c) => [c.eventId, c.attempt, c.status])).toEqual([
      ['user-7-signed-up', 1, 500],
      ['user-7-signed-up', 2, 500],
    ]);
    expect(receiver.delivered.size).toBe(0);
    expect(await redis.llen(failedKey)).toBe(1);
    expect(workerLog.lines.filter((l) => l.includes('max retries reached'))).toHaveLength(1);
  });

  it('a webhook failing once is delivered by the second attempt', async () => {
    await start(failFirst(1));
    await pushJob(client, webhookJob(receiver.url, { id: 8, email: 'alan@example.com', name: 'Alan Turing' }));

    await waitFor('the webhook to be delivered', () => receiver.delivered.get('user-8-signed-up'));
    await waitFor('the queue to be empty', () => queueIsDrained(redis, queueName));

    expect(receiver.calls.map((c) => [c.attempt, c.status])).toEqual([
      [1, 500],
      [2, 204],
    ]);
    expect(await redis.llen(queueKeys(queueName).failed)).toBe(0);
    expect(workerLog.lines.some((l) => l.includes('goes back in the queue'))).toBe(true);
  });
});
