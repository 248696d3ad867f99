// `npm run chapter:3` is what a reader runs: it must tell the whole story (sign-ups, retries, give-ups,
// a clean shutdown) and exit 0. Same script, on a queue and a database of this test's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { deleteQueue } from '../queue.ts';

describe('npm run chapter:3', () => {
  const queueName = uniqueName('chapter-3');
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    await requireRedis();
    tmp = await makeTempDir();
  });

  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    await deleteQueue(redis, queueName);
    await redis.quit();
    await tmp.remove();
  });

  it('tells the story: sign-ups, retries, give-ups, a clean shutdown', async () => {
    const { code, output, lines } = await runScript(new URL('../main.ts', import.meta.url), {
      env: { QUEUE_NAME: queueName, DB_FILE: path.join(tmp.dir, 'users.db') },
      timeoutMs: 110_000,
    });

    expect(code, output).toBe(0);
    expect(lines.filter((l) => /\[main\]  \[x\] Sent .* -> 201 /.test(l))).toHaveLength(12);
    expect(output).toContain('-> 400 {"ok":false,"error":"body is not valid JSON');
    expect(output).toContain('-> 409 {"ok":false,"error":"ada@example.com has already signed up"}');
    expect(output).toMatch(/goes back in the queue for another attempt/);
    // The receiver's failures are seeded by event and attempt: the same three events run out of attempts.
    expect(output).toContain('16 calls to the receiver, 7 failed; 9 jobs delivered of 12 queued');
    const givenUp = output.match(/3 given up after 2 attempts, kept in "[^"]+": (.*)/);
    expect(givenUp?.[1]?.split(', ').sort()).toEqual(['user-1-signed-up', 'user-6-signed-up', 'user-9-signed-up']);
    expect(output).toContain('all processes exited (codes 0, 0, 0, 0)');
  }, 120_000); // five processes start on a busy machine
});
