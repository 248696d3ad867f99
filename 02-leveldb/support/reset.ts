// `npm run chapter:2 -- reset`: removes what the chapter's story, demos and walkthrough leave behind, the
// three LevelDB directories under .data/02-leveldb, and nothing else (a directory of yours beside them,
// or a database you opened elsewhere with --db, stays). It refuses while a process has one of them open.
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { Level } from 'level';
import { errorCode } from '../../common/errors.ts';
import type { Logger } from '../../common/log.ts';
import { dataDirectory, shortPath } from './cli.ts';
import { DatabaseOpenError } from './database.ts';

/** The directories the chapter creates: the story's (and work, dead-letters, requeue), the demos'. */
export const CHAPTER_DIRECTORIES = ['events', 'article', 'crash-demo'] as const;

export async function reset(log: Logger): Promise<void> {
  const removed: string[] = [];
  for (const name of CHAPTER_DIRECTORIES) {
    const dir = dataDirectory(name);
    if (!(await exists(dir))) continue;
    await refuseIfOpen(dir);
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
    log('removed %s', shortPath(dir));
  }
  // The parent, .data/02-leveldb, only if nothing else is left in it.
  const parent = dataDirectory();
  if ((await exists(parent)) && (await readdir(parent)).length === 0) await rmdir(parent);
  if (removed.length === 0) log('nothing to remove: none of %s is there', CHAPTER_DIRECTORIES.join(', '));
}

async function exists(dir: string): Promise<boolean> {
  return stat(dir).then(
    () => true,
    (err) => (errorCode(err) === 'ENOENT' ? false : Promise.reject(err)),
  );
}

/** LevelDB's own lock says whether a process has the database open: we try to take it, and let go. */
async function refuseIfOpen(dir: string): Promise<void> {
  const db = new Level<string, string>(dir, { createIfMissing: false });
  try {
    await db.open();
  } catch (err) {
    const cause = err instanceof Error ? errorCode(err.cause) : undefined;
    if (cause === 'LEVEL_LOCKED')
      throw new DatabaseOpenError(`${shortPath(dir)} is open in another process: stop it first`, 'locked');
    // Not a database (an empty or broken directory): nothing holds it, so it can go.
    return;
  }
  await db.close();
}
