// The server process is told to stop (SIGTERM -> server.close()). Its 'close' handler stops the queue
// client and closes the database, so no handle is left open and the process exits by itself, code 0.
// Without `server.once('close', () => queue.stop())` the Redis connection would keep it alive forever.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { spawnScript, type Child } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { sleep } from '../../common/time.ts';
import { deleteQueue } from '../queue.ts';
import { postJson } from './helpers.ts';

describe('closing the HTTP server', () => {
  const queueName = uniqueName('closing');
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let server: Child | undefined;

  beforeAll(() => requireRedis());

  afterEach(async () => {
    await server?.kill('SIGKILL');
    const redis = new Redis(REDIS_URL);
    await deleteQueue(redis, queueName);
    await redis.quit();
    await tmp.remove();
  });

  it('stops the queue client: the process exits on its own', async () => {
    tmp = await makeTempDir();
    server = spawnScript(new URL('../server.ts', import.meta.url), {
      env: { PORT: '0', DB_FILE: path.join(tmp.dir, 'users.db'), QUEUE_NAME: queueName, WEBHOOK_URL: 'http://127.0.0.1:9/unused' },
    });
    const url = (await server.waitForLine(/listening on (http\S+)/, 60_000)).match(/listening on (http\S+)/)![1]!;
    // Use the queue client, so there is a live Redis connection to close.
    expect((await postJson(`${url}/signup`, JSON.stringify({ email: 'ada@example.com', name: 'Ada' }))).status).toBe(201);

    server.process.kill('SIGTERM');
    const outcome = await Promise.race([server.exited, sleep(20_000).then(() => 'still running after 20 s' as const)]);

    expect(outcome).toEqual({ code: 0, signal: null });
    expect(server.lines).toContain('[server] closed: queue client stopped, database closed');
  }, 120_000); // a child process can take many seconds to start on a busy machine
});
