// A worker SIGKILLed in the middle of a job: the job stays in Redis (its id in the timeout set, its hash
// untouched), and once its timeout has passed another worker's watchdog puts it back and delivers it.
// The receiver sees the event twice: delivery is at-least-once.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import Queue from 'simple-redis-safe-work-queue';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { spawnScript, type Child } from '../../common/process.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { waitFor } from '../../common/time.ts';
import { connectionOptions, deleteQueue, queueKeys, webhookJob } from '../queue.ts';
import { startReceiver, type Receiver } from '../receiver.ts';
import { startWebhookWorker, type WebhookWorker } from '../webhook-worker.ts';
import { pushJob, queueIsDrained, recordingLogger, stopClient } from './helpers.ts';

/** Short, so the test is quick; real jobs need a timeout longer than their slowest run. */
const JOB_TIMEOUT_MS = 2000;

describe('a worker killed mid-job', () => {
  let queueName: string;
  let redis: Redis;
  let client: Queue.Client;
  let receiver: Receiver;
  const children: Child[] = [];
  let workerB: WebhookWorker | undefined;

  beforeAll(() => requireRedis());

  beforeEach(async () => {
    queueName = uniqueName('killed');
    redis = new Redis(REDIS_URL);
    client = Queue.client(queueName, connectionOptions());
    // Worker A's calls are never answered: A is still "working" on the job when it is killed.
    receiver = await startReceiver({ quiet: true, policy: (call) => (call.deliveredBy === 'worker A' ? new Promise<number>(() => {}) : 204) });
  });

  afterEach(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    children.length = 0;
    await workerB?.stop();
    workerB = undefined;
    await stopClient(client);
    await receiver.close();
    await deleteQueue(redis, queueName);
    await redis.quit();
  });

  it('is delivered by another worker after the job timeout', async () => {
    // Worker A, a real process, takes the job; its call to the receiver is never answered.
    const workerA = spawnScript(new URL('../worker.ts', import.meta.url), { env: { QUEUE_NAME: queueName, WORKER_ID: 'A' } });
    children.push(workerA);
    await workerA.waitForLine(/ready: waiting for jobs/, 60_000);
    await pushJob(client, webhookJob(receiver.url, { id: 1, email: 'ken@example.com', name: 'Ken Thompson' }), { timeout: JOB_TIMEOUT_MS });
    await waitFor('worker A to be in the middle of the job', () => receiver.calls.find((c) => c.deliveredBy === 'worker A'));

    // A power cut: no cleanup, no goodbye to Redis.
    await workerA.kill('SIGKILL');
    // The job is neither done nor lost: it waits in the timeout set for its deadline.
    expect(await redis.zcard(queueKeys(queueName).timeout)).toBe(1);

    // Worker B (in this process) starts afterwards; its timeout watchdog finds the job past its deadline.
    const workerBLog = recordingLogger();
    workerB = startWebhookWorker({ workerId: 'B', queueName, log: workerBLog });
    const delivery = await waitFor('worker B to deliver the job', () => receiver.delivered.get('user-1-signed-up'), { timeoutMs: 30_000 });
    expect(delivery.deliveredBy).toBe('worker B');
    // A timeout watchdog put it back: B's (or, on a very slow machine, A's own before it died).
    expect([...workerBLog.lines, ...workerA.lines].some((l) => /ran past its timeout: put back in the queue/.test(l))).toBe(true);
    await waitFor('the queue to be empty', () => queueIsDrained(redis, queueName));

    // Worker A's call reached the receiver too: the event arrived twice, which is why receivers must be idempotent.
    const statuses = (worker: string) => receiver.calls.filter((c) => c.deliveredBy === worker).map((c) => c.status);
    expect(statuses('worker A')).toContain(undefined); // never answered: A died waiting
    expect(statuses('worker A').every((status) => status === undefined)).toBe(true);
    expect(statuses('worker B')).toEqual([204]);
  }, 120_000); // a child process can take many seconds to start on a busy machine
});
