// Redis goes away under a running server: a sign-up gets a prompt 503 that says so (not a hang, not a
// crash), and once Redis is back the server queues jobs again. The test runs its own redis-server, so
// killing it disturbs no one else's tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Redis } from 'ioredis';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { waitFor } from '../../common/time.ts';
import { startSignupServer, type SignupServer } from '../producer.ts';
import { queueKeys, WEBHOOK_QUEUE } from '../queue.ts';
import { freePort, postJson, recordingLogger, startPrivateRedis, type PrivateRedis } from './helpers.ts';

describe('Redis down', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let redisServer: PrivateRedis;
  let app: SignupServer;
  const serverLog = recordingLogger();
  const keys = queueKeys(WEBHOOK_QUEUE); // a private Redis: the real queue name is ours alone

  beforeAll(async () => {
    tmp = await makeTempDir();
    redisServer = await startPrivateRedis(await freePort());
    app = await startSignupServer({ dbFile: path.join(tmp.dir, 'users.db'), webhookUrl: 'http://127.0.0.1:9/unused', redisUrl: redisServer.url, log: serverLog });
  });

  afterAll(async () => {
    await new Promise((resolve) => app.server.close(resolve));
    await redisServer.kill();
    await tmp.remove();
  });

  it('-> 503 with a clear message, the server stays up, and it recovers when Redis is back', async () => {
    const signup = (email: string) => postJson(`${app.url}/signup`, JSON.stringify({ email, name: 'Someone' }));
    expect((await signup('before@example.com')).status).toBe(201);

    await redisServer.kill();
    const down = await signup('during@example.com');
    expect(down.status).toBe(503);
    expect(down.body.error).toMatch(/^user 2 was saved, but its webhook could not be queued: Redis is unavailable/);
    // The dual write, visible: the user is in the database, its job is nowhere.
    expect(app.users.find('during@example.com')).toMatchObject({ id: 2 });

    // Still serving: a bad request is answered as usual.
    expect((await postJson(`${app.url}/signup`, 'nope')).status).toBe(400);

    redisServer = await startPrivateRedis(redisServer.port);
    let attempt = 0;
    await waitFor('a sign-up to be accepted again', async () => (await signup(`after${++attempt}@example.com`)).status === 201);

    // The job went to the new Redis. The one queued before the crash is gone: this Redis keeps no data
    // on disk (--save ''), like the tutorial's. See docs/03-redis.md on persistence.
    const redis = new Redis(redisServer.url);
    expect(await redis.llen(keys.pending)).toBe(1);
    await redis.quit();
    expect(serverLog.lines).toContain('connected to Redis again');
    expect(serverLog.lines.some((l) => l.includes('lost the connection to Redis'))).toBe(true);
  });
});
