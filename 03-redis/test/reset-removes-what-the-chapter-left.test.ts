// `npm run chapter:3` is what a reader runs: it must tell the whole story (sign-ups, retries, give-ups,
// a clean shutdown) and exit 0. Then `npm run chapter:3 -- reset` removes what the chapter's runs leave:
// the story's given-up jobs and database, the keys of the walkthrough's queue (a job waiting, a job given
// up), what a story or an article run stopped half-way leaves, and the SQLite files in .data/03-redis; it
// says what it removed. A foreign key or file with a similar name survives, and a second reset finds
// nothing to remove. The story runs once, for both: what it leaves is what reset must remove. Run on
// names of the test's own (QUEUE_NAME, DATA_DIR).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { failRandomly } from '../support/receiver.ts';
import { chapterNames } from '../support/names.ts';
import { deleteQueue, existingKeys } from '../support/redis.ts';
import { reset } from '../support/reset.ts';
import { MAIN, postJson, recorder, SLOW, useChapter3 } from './fixture.ts';

/** The story's receiver: attempts fail by (eventId, attempt) alone, so which events run out is known. */
const policy = failRandomly({ rate: 0.35, seed: 3 });
const fails = (eventId: string, attempt: number) =>
  policy({ eventId, attempt, deliveredBy: '', body: null }) !== 204;

describe('npm run chapter:3, then -- reset', () => {
  const ch3 = useChapter3('chapter-3');
  // If the story is killed (it hangs past the timeout), its server and workers would be orphaned and
  // keep running: each prints its pid, and every one still alive is killed here.
  const pids = new Set<number>();
  afterAll(() => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: the story stopped it, as it should
      }
    }
  });

  it(
    'tells the story: sign-ups, retries, give-ups, a clean shutdown; reset then removes the chapter’s ' +
      'Redis keys and .data files, says so, and leaves look-alikes alone',
    async () => {
      const base = ch3.queueName;
      const dataDir = path.join(ch3.dataDir, '03-redis');
      const env = { QUEUE_NAME: base, DATA_DIR: dataDir };
      const storyQueue = `story: ${base}`;
      ch3.defer(() => deleteQueue(ch3.redis, storyQueue));
      const { code, signal, output, lines } = await runScript(MAIN, { env, timeoutMs: SLOW.testMs - 20_000 });
      if (signal) for (const m of output.matchAll(/\(pid (\d+)\)/g)) pids.add(Number(m[1]));

      expect(code, output).toBe(0);
      expect(lines.filter((l) => /\[main\] {2}\[x\] Sent .* -> 201 /.test(l))).toHaveLength(12);
      expect(output).toContain('-> 400 {"ok":false,"error":"body is not valid JSON');
      expect(output).toContain('-> 409 {"ok":false,"error":"ada@example.com has already signed up"}');
      expect(output).toMatch(/goes back in the queue for another attempt/);

      // Every job ended one way or the other, and every failed attempt was a call the receiver answered 500.
      const [, calls, failed, delivered] = (
        output.match(/(\d+) calls to the receiver, (\d+) failed; (\d+) jobs delivered of 12 queued/) ?? []
      ).map(Number);
      const [, failedKey, list] = output.match(/given up after 2 attempts, kept in "([^"]+)": (.*)/) ?? [];
      expect(failedKey).toBe(`${storyQueue}-failed`);
      const givenUp = (list ?? '').split(', ').filter((e) => e !== '-');
      expect(delivered! + givenUp.length, output).toBe(12);
      expect(calls).toBe(failed! + delivered!);
      // Which events run out of attempts follows from the seeded receiver: those whose attempts 1 and 2
      // both fail. (Checked on every run: a job is redelivered after a timeout only if one attempt took
      // 30 s or a popped job waited 5 s to start, and then this check fails rather than being skipped.)
      const expected = Array.from({ length: 12 }, (_, i) => `user-${i + 1}-signed-up`).filter(
        (e) => fails(e, 1) && fails(e, 2),
      );
      expect(givenUp.sort(), output).toEqual(expected.sort());
      expect(output).not.toMatch(/ran past its timeout|was popped but never started/);
      expect(output).toContain('all processes exited (codes 0, 0, 0, 0)');

      // --- reset. The story left its given-up jobs (one list) and its database, story.db.
      expect(existsSync(path.join(dataDir, 'story.db'))).toBe(true);
      const queues = [base, storyQueue, `article: ${base}`];
      // What the walkthrough leaves: a user in the database, its job waiting in Redis, a job given up.
      const app = await ch3.server({ dbFile: path.join(dataDir, 'users.db'), queueName: base });
      const res = await postJson(
        `${app.url}/signup`,
        JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
      );
      expect(res.status).toBe(201);
      await ch3.redis.lpush(`${base}-failed`, '{"job":{}}');
      // What a story or an article run stopped half-way leaves.
      await ch3.redis.lpush(`story: ${base}-pending`, 'id-1');
      await ch3.redis.hset(`story: ${base}#id-1`, 'payload', '{}');
      await ch3.redis.zadd(`article: ${base}-timeout`, 1, 'id-2');
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

      const first = await runScript(MAIN, { args: ['reset'], env });

      expect(first.code, first.output).toBe(0);
      expect(first.output).toContain(`removed 3 Redis key(s) of the queue "${base}"`); // pending, job, failed
      // The story's given-up list, and the half-way run's pending list and job.
      expect(first.output).toContain(`removed 3 Redis key(s) of the queue "story: ${base}"`);
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

      // The second reset, on the same names, in this process: the same function the mode calls.
      const again = recorder();
      await reset(again, chapterNames(base, dataDir));
      expect(again.lines).toEqual(['nothing to remove']);
    },
    SLOW.testMs,
  ); // five processes start on a busy machine
});
