// The happy path, end to end: POST /signup -> a row in SQLite -> a job in Redis -> a worker POSTs the
// webhook -> the receiver gets it once, and the queue is left empty.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { waitFor } from '../../common/time.ts';
import { startSignupServer, type SignupServer } from '../producer.ts';
import { deleteQueue } from '../queue.ts';
import { startReceiver, type Receiver } from '../receiver.ts';
import { startWebhookWorker, type WebhookWorker } from '../webhook-worker.ts';
import { postJson, queueIsDrained, recordingLogger } from './helpers.ts';

describe('a valid sign-up', () => {
  let queueName: string;
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let redis: Redis;
  let receiver: Receiver;
  let app: SignupServer;
  let worker: WebhookWorker;

  beforeAll(() => requireRedis());

  beforeEach(async () => {
    queueName = uniqueName('signup');
    tmp = await makeTempDir();
    redis = new Redis(REDIS_URL);
    receiver = await startReceiver({ quiet: true });
    app = await startSignupServer({ dbFile: path.join(tmp.dir, 'users.db'), webhookUrl: receiver.url, queueName, log: recordingLogger() });
    worker = startWebhookWorker({ workerId: 'test', queueName, log: recordingLogger() });
    await worker.ready;
  });

  afterEach(async () => {
    await worker.stop();
    await new Promise((resolve) => app.server.close(resolve));
    await receiver.close();
    await deleteQueue(redis, queueName);
    await redis.quit();
    await tmp.remove();
  });

  it('gets 201, is stored, and its webhook is delivered exactly once', async () => {
    const { status, body } = await postJson(`${app.url}/signup`, JSON.stringify({ email: ' Ada@Example.com ', name: 'Ada Lovelace' }));

    expect(status).toBe(201);
    expect(body).toEqual({ ok: true, id: 1 });
    expect(app.users.find('ada@example.com')).toMatchObject({ id: 1, email: 'ada@example.com', name: 'Ada Lovelace' });

    const delivery = await waitFor('the webhook to be delivered', () => receiver.delivered.get('user-1-signed-up'));
    expect(delivery.body).toEqual({
      event: 'user.signed-up',
      eventId: 'user-1-signed-up',
      user: { id: 1, email: 'ada@example.com', name: 'Ada Lovelace' },
    });
    // Once the job is gone from Redis nothing can deliver it again, so the count below is final.
    await waitFor('the queue to be empty', () => queueIsDrained(redis, queueName));
    expect(receiver.calls).toHaveLength(1);
  });
});
