// `npm run chapter:2 -- reset` after the story, the article demo and the crash demo: their three LevelDB
// directories are gone, and nothing else is touched (a directory of the reader's with a similar name,
// the other chapters' data). It says what it removed, and "nothing to remove" the second time. It
// refuses while a process has one of the databases open. DATA_DIR points .data at a temp directory.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Level } from 'level';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';

const MAIN = new URL('../main.ts', import.meta.url);

describe('npm run chapter:2 -- reset', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let env: Record<string, string>;
  const chapter = () => path.join(tmp.dir, '02-leveldb');
  const foreign = () => [
    path.join(chapter(), 'events-backup', 'keep.txt'),
    path.join(tmp.dir, '02-leveldb-old', 'keep.txt'),
    path.join(tmp.dir, '03-redis', 'users.db'),
  ];
  const run = (args: string[]) => runScript(MAIN, { args, env, timeoutMs: 60_000 });

  beforeAll(async () => {
    tmp = await makeTempDir();
    env = { DATA_DIR: tmp.dir };
    for (const file of foreign()) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, 'not the chapter’s\n');
    }
    const runs = await Promise.all([
      run(['--delay', '1', '--seed', '3']),
      run(['crash-demo', '--delay', '1', '--seed', '3']),
      run(['article', '--seed', '3']),
    ]);
    for (const r of runs) expect(r.code, r.output).toBe(0);
  }, 60_000);
  afterAll(() => tmp.remove());

  it('refuses while a process has a database open, and removes nothing', async () => {
    const db = new Level(path.join(chapter(), 'events'));
    await db.open();
    const refused = await run(['reset']);
    await db.close();
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/events is open in another process: stop it first/);
    expect((await readdir(chapter())).sort()).toEqual(['article', 'crash-demo', 'events', 'events-backup']);
  });

  it("removes the story's, the article's and the crash demo's directories, and nothing else", async () => {
    const reset = await run(['reset']);
    expect(reset.code, reset.output).toBe(0);
    expect(reset.lines.map((line) => line.replace(tmp.dir, 'DATA_DIR'))).toEqual([
      '[main] removed DATA_DIR/02-leveldb/events',
      '[main] removed DATA_DIR/02-leveldb/article',
      '[main] removed DATA_DIR/02-leveldb/crash-demo',
    ]);
    expect(await readdir(chapter())).toEqual(['events-backup']);
    for (const file of foreign()) expect((await readdir(path.dirname(file))).length, file).toBe(1);
  });

  it('says "nothing to remove" when run again', async () => {
    const again = await run(['reset']);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/nothing to remove/);
  });
});
