// What the page runs, each run once, at the same time, with DATA_DIR pointing .data at a temp directory,
// so each lands in the chapter's own directory there as a reader's runs do:
//  - `npm run chapter:2`, the story: ten events pushed, each one relayed or dead-lettered, retries
//    visible, then the database is closed and the process exits 0 on its own;
//  - `npm run chapter:2 -- article` and `npm run chapter:2 -- crash-demo`, the two demonstrations the page
//    walks through, run to their end with real child processes and a real kill -9. The crash demo counts
//    what the remote service received (its own record) and what is in the dead letters: the test reads
//    that count, so a second process that exits 0 without finishing the queue fails it;
//  - then `npm run chapter:2 -- reset` on what the three left: their three LevelDB directories are gone,
//    and nothing else is touched (a directory of the reader's with a similar name, the other chapters'
//    data). It says what it removed, and "nothing to remove" the second time. It refuses while a process
//    has one of the databases open.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Level } from 'level';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../common/log.ts';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { openDatabase } from '../support/database.ts';
import { queueState } from '../support/inspect.ts';
import { reset } from '../support/reset.ts';

const MAIN = new URL('../main.ts', import.meta.url);

/** The event ids in lines like `[worker] event 3 successfully relayed (attempt 1 of 4)`. */
const relayedEventIds = (lines: string[]) =>
  lines.flatMap((line) => /event (\d+) successfully relayed/.exec(line)?.[1] ?? []).map(Number);

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let env: Record<string, string>;
const chapter = (name = '') => path.join(tmp.dir, '02-leveldb', name);
/** The reader's and the other chapters' files, which reset must leave alone. */
const foreign = () => [
  path.join(chapter(), 'events-backup', 'keep.txt'),
  path.join(tmp.dir, '02-leveldb-old', 'keep.txt'),
  path.join(tmp.dir, '03-redis', 'users.db'),
];
const run = (args: string[]) => runScript(MAIN, { args, env, timeoutMs: 60_000 });
let story: Awaited<ReturnType<typeof run>>;
let article: Awaited<ReturnType<typeof run>>;
let crashDemo: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  tmp = await makeTempDir();
  env = { DATA_DIR: tmp.dir };
  for (const file of foreign()) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'not the chapter’s\n');
  }
  [story, article, crashDemo] = await Promise.all([
    run(['--seed', '3', '--delay', '20']),
    run(['article', '--seed', '3']),
    run(['crash-demo', '--seed', '3', '--delay', '20']),
  ]);
}, 60_000);
afterAll(() => tmp.remove());

describe('npm run chapter:2', () => {
  it('exits 0 by itself once the queue is empty', () => {
    expect(story.code, story.output).toBe(0);
    expect(story.output).toMatch(
      /queue empty: \d+ relayed, \d+ dead-lettered, \d+ retries\. Database closed\./,
    );
  });

  it(
    'pushes ten events and ends each one relayed or dead-lettered, showing the failed ' + 'attempts',
    async () => {
      const sent = story.lines.filter((line) => /\[x\] Sent event \d+ 'door opened'/.test(line));
      expect(sent).toHaveLength(10);
      expect(story.output).toMatch(
        /Error processing event \d+ \(attempt 1 of 4\): something awful has happened/,
      );

      const db = await openDatabase(chapter('events')); // also proves the lock was released
      const { queued, running, deadLetters } = await queueState<{ id: number }>(db);
      await db.close();
      const dead = deadLetters.map((letter) => letter.payload.id);
      expect({ queued, running }).toEqual({ queued: [], running: [] });
      expect([...relayedEventIds(story.lines), ...dead].sort((a, b) => a - b)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    },
  );
});

describe('the chapter 2 demonstrations', () => {
  it('article: the stall, the jobs still on disk after kill -9, and where the 16 come from', () => {
    expect(article.code, article.output).toBe(0);
    expect(article.output).toMatch(/queue error: max retries reached/);
    expect(article.output).toContain(
      '2. it gave up and exited: 6 job(s) waiting, 1 started and not finished',
    );
    expect(article.output).toContain(
      '4. after kill -9: 16 job(s) waiting (6 from the first run, 10 new), 1 started and not finished',
    );
  });

  it('crash-demo: kills the story part-way, finishes in a new process, and counts 0 lost', () => {
    const { code, output } = crashDemo;
    expect(code, output).toBe(0);
    expect(output).toMatch(/3\. on disk: \d+ job\(s\) waiting, 1 started and not finished/);
    const count = /5\. counted: (\d+) of (\d+) events relayed .*, (\d+) dead-lettered, (\d+) lost/.exec(
      output,
    );
    expect(count, output).not.toBeNull();
    const [relayed, pushed, deadLettered, lost] = (count ?? []).slice(1).map(Number);
    expect({ pushed, lost }, output).toEqual({ pushed: 10, lost: 0 });
    expect((relayed ?? 0) + (deadLettered ?? 0), output).toBeGreaterThanOrEqual(10);
  });
});

describe('npm run chapter:2 -- reset', () => {
  it('refuses while a process has a database open, and removes nothing', async () => {
    const db = new Level(chapter('events'));
    await db.open();
    const refused = await run(['reset']);
    await db.close();
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/events is open in another process: stop it first/);
    expect((await readdir(chapter())).sort()).toEqual(['article', 'crash-demo', 'events', 'events-backup']);
  });

  it("removes the story's, the article's and the crash demo's directories, and nothing else", async () => {
    const removed = await run(['reset']);
    expect(removed.code, removed.output).toBe(0);
    expect(removed.lines.map((line) => line.replace(tmp.dir, 'DATA_DIR'))).toEqual([
      '[main] removed DATA_DIR/02-leveldb/events',
      '[main] removed DATA_DIR/02-leveldb/article',
      '[main] removed DATA_DIR/02-leveldb/crash-demo',
    ]);
    expect(await readdir(chapter())).toEqual(['events-backup']);
    for (const file of foreign()) expect((await readdir(path.dirname(file))).length, file).toBe(1);
  });

  it('says "nothing to remove" when run again', async () => {
    // The reset mode's own function, in this process (the test above starts main.ts's reset mode).
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = tmp.dir;
    const log = recordingLogger();
    try {
      await reset(log);
    } finally {
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
    }
    expect(log.lines.join('\n')).toMatch(/nothing to remove/);
    expect(await readdir(chapter())).toEqual(['events-backup']);
  });
});
