// choosing: survives a server restart; never loses an accepted job
// Redis goes away under a running server: a sign-up gets a prompt 503 that says so (not a hang, not a
// crash), and once Redis is back the server queues jobs again. The test runs its own redis-server, so
// killing it disturbs no one else's tests.
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { waitFor } from '../../common/time.ts';
import { postJson, SLOW, useChapter3 } from './fixture.ts';
import { freePort } from '../../common/testing/ports.ts';
import { startPrivateRedis, type PrivateRedis } from './private-redis.ts';

/**
 * "At once", without a clock: the sign-up sent while Redis is down is answered before Redis is started
 * again. With redis@2's offline queue on (no `enable_offline_queue: false`), the push would wait for the
 * reconnect, up to an hour, and this test would hang until vitest's timeout fails it.
 */
describe('Redis down', () => {
  const ch3 = useChapter3('redis-down');
  let redisServer: PrivateRedis | undefined;
  afterEach(() => redisServer?.kill());

  it(
    '-> 503 while Redis is still down, with a clear message; the server stays up and recovers when Redis ' +
      'is back',
    async () => {
      redisServer = await startPrivateRedis(await freePort());
      const app = await ch3.server({ redisUrl: redisServer.url });
      const signup = (email: string) =>
        postJson(`${app.url}/signup`, JSON.stringify({ email, name: 'Someone' }), { timeoutMs: SLOW.testMs });
      expect((await signup('before@example.com')).status).toBe(201);

      await redisServer.kill();
      const down = await signup('during@example.com');
      expect(down.status).toBe(503);
      expect(down.body.error).toMatch(
        /^user 2 was saved, but its webhook could not be queued: Redis is unavailable/,
      );
      // The dual write, visible: the user is in the database, its job is nowhere.
      expect(app.users.find('during@example.com')).toMatchObject({ id: 2 });

      // Still serving: a bad request is answered as usual.
      expect((await postJson(`${app.url}/signup`, 'nope')).status).toBe(400);

      redisServer = await startPrivateRedis(redisServer.port);
      let attempt = 0;
      await waitFor(
        'a sign-up to be accepted again',
        async () => (await signup(`after${++attempt}@example.com`)).status === 201,
      );

      // The job went to the new Redis. The one queued before the crash is gone: this Redis keeps no data
      // on disk (--save ''), like the tutorial's. See docs/03-redis.md on persistence.
      const redis = new Redis(redisServer.url);
      expect(await redis.llen(ch3.keys().pending)).toBe(1);
      await redis.quit();
      expect(app.log.lines).toContain('connected to Redis again');
      expect(app.log.lines.some((l) => l.includes('lost the connection to Redis'))).toBe(true);
    },
  );
});
