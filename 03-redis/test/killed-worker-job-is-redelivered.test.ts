// A worker SIGKILLed in the middle of a job: the job stays in Redis (its id in the timeout set, its hash
// untouched), and once its timeout has passed another worker's watchdog puts it back and delivers it.
// The receiver sees the event twice: delivery is at-least-once.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import Queue from 'simple-redis-safe-work-queue';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { spawnScript, type Child } from '../../common/testing/child.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { waitFor } from '../../common/time.ts';
import { connectionOptions, deleteQueue, queueKeys, webhookJob } from '../queue.ts';
import { startReceiver, type Receiver } from '../receiver.ts';
import { pushJob, queueIsDrained, stopClient } from './helpers.ts';

/** Short, so the test is quick; real jobs need a timeout longer than their slowest run. */
const JOB_TIMEOUT_MS = 2000;

describe('a worker killed mid-job', () => {
  let queueName: string;
  let redis: Redis;
  let client: Queue.Client;
  let receiver: Receiver;
  const children: Child[] = [];

  beforeAll(() => requireRedis());

  beforeEach(async () => {
    queueName = uniqueName('killed');
    redis = new Redis(REDIS_URL);
    client = Queue.client(queueName, connectionOptions());
    // The first call is never answered: its worker is still "working" on the job when it is killed.
    receiver = await startReceiver({ quiet: true, policy: (call) => (call.attempt === 1 ? new Promise<number>(() => {}) : 204) });
  });

  afterEach(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    children.length = 0;
    await stopClient(client);
    await receiver.close();
    await deleteQueue(redis, queueName);
    await redis.quit();
  });

  it('is delivered by another worker after the job timeout', async () => {
    const workers = new Map(
      ['A', 'B'].map((id) => [`worker ${id}`, spawnScript(new URL('../worker.ts', import.meta.url), { env: { QUEUE_NAME: queueName, WORKER_ID: id } })]),
    );
    children.push(...workers.values());
    await Promise.all([...workers.values()].map((w) => w.waitForLine(/ready: waiting for jobs/, 30_000)));

    await pushJob(client, webhookJob(receiver.url, { id: 1, email: 'ken@example.com', name: 'Ken Thompson' }), { timeout: JOB_TIMEOUT_MS });
    const first = await waitFor('a worker to be in the middle of the job', () => receiver.calls[0]);
    const [victim, survivor] = first.deliveredBy === 'worker A' ? ['worker A', 'worker B'] : ['worker B', 'worker A'];
    await workers.get(victim)!.kill('SIGKILL');

    // The job is neither done nor lost: it waits in the timeout set for its deadline.
    expect(await redis.zcard(queueKeys(queueName).timeout)).toBe(1);

    const delivery = await waitFor('the other worker to deliver the job', () => receiver.delivered.get('user-1-signed-up'), { timeoutMs: 30_000 });
    expect(delivery.deliveredBy).toBe(survivor);
    // A watchdog (the survivor's; the victim's own if it fired before the kill) put the job back.
    const requeued = /ran past its timeout: put back in the queue/;
    await waitFor('a watchdog to report the requeue', () => [...workers.values()].some((w) => w.lines.some((l) => requeued.test(l))));
    await waitFor('the queue to be empty', () => queueIsDrained(redis, queueName));

    // The killed worker's call reached the receiver too: the event arrived twice, which is why receivers must be idempotent.
    expect(receiver.calls.filter((c) => c.eventId === 'user-1-signed-up').length).toBeGreaterThanOrEqual(2);
    expect(await workers.get(survivor)!.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 60_000); // child processes start slowly on a busy machine
});
