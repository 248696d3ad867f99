// Opening the LevelDB directory, with errors a reader can act on. Two things go wrong in practice:
//  - the directory cannot be written (a typo, a file in the way, no permission);
//  - another process has it open: LevelDB takes a lock (the LOCK file) so that only ONE process at a
//    time can use a database. LevelDB does not say who holds the lock, so after opening we leave our
//    pid in a side file, `owner.json`, that the next process reads when it finds the lock taken.
//    (LevelDB ignores files it did not create, so the side file can live in the same directory.)
import { mkdir, access, constants, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Level } from 'level';
import { errorCode, errorMessage } from '../../common/errors.ts';
import { shortPath } from './cli.ts';

export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
  constructor(
    message: string,
    readonly reason: 'locked' | 'not-writable',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

interface Owner {
  pid: number;
  command: string;
  since: string;
}

export async function openDatabase(location: string): Promise<Level<string, string>> {
  await ensureWritableDirectory(location);
  const db = new Level<string, string>(location);
  try {
    await db.open();
  } catch (err) {
    throw await explainOpenError(err, location);
  }
  const owner: Owner = {
    pid: process.pid,
    command: [shortPath(process.argv[1] ?? ''), ...process.argv.slice(2)].join(' '),
    since: new Date().toISOString(),
  };
  await writeFile(ownerFile(location), `${JSON.stringify(owner)}\n`);
  return db;
}

const ownerFile = (location: string) => path.join(location, 'owner.json');

async function ensureWritableDirectory(location: string): Promise<void> {
  try {
    await mkdir(location, { recursive: true });
    await access(location, constants.W_OK);
  } catch (err) {
    const code = errorCode(err);
    const why =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'part of that path is a file, not a directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EROFS'
            ? 'the file system is read-only'
            : errorMessage(err);
    throw new DatabaseOpenError(
      `cannot use "${location}" for the database: ${why} (${code}). Pick a directory you can write, e.g. ` +
        `--db .data/02-leveldb/events`,
      'not-writable',
      { cause: err },
    );
  }
}

async function explainOpenError(err: unknown, location: string): Promise<unknown> {
  if (!(err instanceof Error) || errorCode(err.cause) !== 'LEVEL_LOCKED') return err;
  const owner = await readOwner(location);
  const who =
    owner?.pid === process.pid
      ? `this same process (pid ${owner.pid}) already has it open`
      : owner && isAlive(owner.pid)
        ? `process ${owner.pid} holds it (\`${owner.command}\`, since ${owner.since})`
        : 'another process holds its LOCK file';
  return new DatabaseOpenError(
    `the database at "${shortPath(location)}" is locked: ${who}. ` +
      'LevelDB lets one process at a time open a database; ' +
      `stop the other process or use another directory (--db).`,
    'locked',
    { cause: err },
  );
}

async function readOwner(location: string): Promise<Owner | undefined> {
  try {
    return JSON.parse(await readFile(ownerFile(location), 'utf8')) as Owner;
  } catch {
    // no side file (never opened by this chapter's code, or a pre-crash leftover we can't read)
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: "does this process exist?", sends nothing
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM'; // exists, but belongs to another user
  }
}
