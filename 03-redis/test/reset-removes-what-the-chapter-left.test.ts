// `npm run chapter:3 -- reset` removes what the chapter's runs leave: the keys of the walkthrough's
// queue (a job waiting, a job given up), of the story's and of the article's, and the SQLite files in
// .data/03-redis; it says what it removed. A foreign key or file with a similar name survives, and a
// second reset finds nothing to remove. Run on names of the test's own (QUEUE_NAME, DATA_DIR).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { existingKeys } from '../support/redis.ts';
import { MAIN, postJson, useChapter3 } from './fixture.ts';

describe('npm run chapter:3 -- reset', () => {
  const ch3 = useChapter3('reset');

  it('removes the chapter’s Redis keys and .data files, says so, and leaves look-alikes alone', async () => {
    const base = ch3.queueName;
    const dataDir = path.join(ch3.dataDir, '03-redis');
    const queues = [base, `story: ${base}`, `article: ${base}`];
    // What the walkthrough leaves: a user in the database, its job waiting in Redis, a job given up.
    mkdirSync(dataDir, { recursive: true });
    const app = await ch3.server({ dbFile: path.join(dataDir, 'users.db'), queueName: base });
    const res = await postJson(
      `${app.url}/signup`,
      JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
    );
    expect(res.status).toBe(201);
    await ch3.redis.lpush(`${base}-failed`, '{"job":{}}');
    // What a story or an article run stopped half-way leaves, and the story's database.
    await ch3.redis.lpush(`story: ${base}-pending`, 'id-1');
    await ch3.redis.hset(`story: ${base}#id-1`, 'payload', '{}');
    await ch3.redis.zadd(`article: ${base}-timeout`, 1, 'id-2');
    writeFileSync(path.join(dataDir, 'story.db'), '');
    // Look-alikes that are not the chapter's.
    const foreign = [
      `${base}s-pending`,
      `x ${base}-pending`,
      `${base}-pending-foreign`,
      `story: ${base}2-failed`,
    ];
    for (const key of foreign) await ch3.redis.set(key, 'not the chapter’s');
    ch3.defer(() => ch3.redis.del(...foreign));
    mkdirSync(`${dataDir}-other`);
    writeFileSync(path.join(`${dataDir}-other`, 'users.db'), '');

    const env = { QUEUE_NAME: base, DATA_DIR: dataDir };
    const first = await runScript(MAIN, { args: ['reset'], env });

    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`removed 3 Redis key(s) of the queue "${base}"`); // pending, job, failed
    expect(first.output).toContain(`removed 2 Redis key(s) of the queue "story: ${base}"`);
    expect(first.output).toContain(`removed 1 Redis key(s) of the queue "article: ${base}"`);
    expect(first.output).toContain(`removed ${path.join(dataDir, 'users.db')}`);
    expect(first.output).toContain(`removed ${path.join(dataDir, 'story.db')}`);
    for (const queue of queues) {
      const left = (await existingKeys(ch3.redis, queue)).filter((key) => !foreign.includes(key));
      expect(left, queue).toEqual([]);
    }
    expect(readdirSync(dataDir)).toEqual([]);

    for (const key of foreign) expect(await ch3.redis.get(key), key).toBe('not the chapter’s');
    expect(existsSync(path.join(`${dataDir}-other`, 'users.db'))).toBe(true);

    const second = await runScript(MAIN, { args: ['reset'], env });
    expect(second.code, second.output).toBe(0);
    expect(second.output).toBe('[reset] nothing to remove');
  });
});
