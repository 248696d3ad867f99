// Three worker processes on one queue: 30 sign-ups through the HTTP server, every webhook delivered,
// none lost, and the work spread over more than one process.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { spawnScript, type Child } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { sleep, waitFor } from '../../common/time.ts';
import { startSignupServer, type SignupServer } from '../producer.ts';
import { deleteQueue } from '../queue.ts';
import { startReceiver, type Receiver } from '../receiver.ts';
import { postJson, queueIsDrained, recordingLogger } from './helpers.ts';

const JOBS = 30;

describe('three worker processes sharing one queue', () => {
  let queueName: string;
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let redis: Redis;
  let receiver: Receiver;
  let app: SignupServer;
  let workers: Child[] = [];

  beforeAll(() => requireRedis());

  beforeEach(async () => {
    queueName = uniqueName('pool');
    tmp = await makeTempDir();
    redis = new Redis(REDIS_URL);
    // A receiver taking 20 ms per call, like a real one: no worker can finish everything in an instant.
    receiver = await startReceiver({ quiet: true, policy: () => sleep(20).then(() => 204) });
    app = await startSignupServer({ dbFile: path.join(tmp.dir, 'users.db'), webhookUrl: receiver.url, queueName, log: recordingLogger() });
  });

  afterEach(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    workers = [];
    await new Promise((resolve) => app.server.close(resolve));
    await receiver.close();
    await deleteQueue(redis, queueName);
    await redis.quit();
    await tmp.remove();
  });

  it('deliver all 30 jobs between them, none lost', async () => {
    workers = ['1', '2', '3'].map((id) =>
      spawnScript(new URL('../worker.ts', import.meta.url), { env: { WORKER_ID: id, QUEUE_NAME: queueName, MAX_CONCURRENCY: '2' } }),
    );
    await Promise.all(workers.map((w) => w.waitForLine(/ready: waiting for jobs/, 60_000)));

    const responses = await Promise.all(
      Array.from({ length: JOBS }, (_, i) => postJson(`${app.url}/signup`, JSON.stringify({ email: `user${i}@example.com`, name: `User ${i}` }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(JOBS).fill(201));

    await waitFor(`all ${JOBS} webhooks delivered`, () => receiver.delivered.size === JOBS, { timeoutMs: 30_000 });
    await waitFor('the queue to be empty', () => queueIsDrained(redis, queueName));

    const expected = Array.from({ length: JOBS }, (_, i) => `user-${i + 1}-signed-up`).sort();
    expect([...receiver.delivered.keys()].sort()).toEqual(expected);
    const byWorker = new Set([...receiver.delivered.values()].map((call) => call.deliveredBy));
    expect(byWorker.size).toBeGreaterThan(1);
    // Each worker's own log agrees with the receiver about who delivered what.
    for (const call of receiver.delivered.values()) {
      const worker = workers[Number(call.deliveredBy.replace('worker ', '')) - 1]!;
      expect(worker.lines.some((l) => l.includes(`signup #${call.eventId.split('-')[1]} `) && l.includes('delivered'))).toBe(true);
    }
  }, 120_000); // a child process can take many seconds to start on a busy machine
});
