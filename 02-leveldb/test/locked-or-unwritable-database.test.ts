// choosing: shares the work among processes
// Opening a database another process holds, or a directory that cannot be written, fails with one
// clear sentence: which process holds the lock, or what is wrong with the path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runScript, spawnScript, type Child } from '../../common/process.ts';
import { errorMessage } from '../../common/errors.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { DatabaseOpenError, openDatabase } from '../support/database.ts';

const MAIN = new URL('../main.ts', import.meta.url);

describe('a database that is already open in another process', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let location: string;
  let holder: Child;

  beforeAll(async () => {
    tmp = await makeTempDir();
    location = path.join(tmp.dir, 'events');
    // The chapter's own process, relaying 200 events slowly: it holds the database until we kill it.
    holder = spawnScript(MAIN, { args: ['--db', location, '--events', '200', '--failure-rate', '0'] });
    await holder.waitForLine(/\[main\] pid \d+, database /);
  });

  afterAll(async () => {
    await holder.kill('SIGKILL');
    await tmp.remove();
  });

  it('is refused with an error naming the process that holds it', async () => {
    const error = await openDatabase(location).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as DatabaseOpenError).reason).toBe('locked');
    expect(errorMessage(error)).toContain(`is locked: process ${holder.process.pid} holds it`);
    expect(errorMessage(error)).toMatch(/one process at a time/);
  });

  it('is refused the same way by the chapter CLI, with exit code 1 and no stack trace', async () => {
    const other = spawnScript(MAIN, { args: ['dead-letters', '--db', location] });
    const { code } = await other.exited;
    const output = other.lines.join('\n');
    expect(code).toBe(1);
    expect(output).toContain(`process ${holder.process.pid} holds it`);
    expect(output).not.toMatch(/\n\s+at /);
  });
});

describe('a database opened twice in the same process', () => {
  it('says that this process already has it open', async () => {
    const tmp = await makeTempDir();
    const db = await openDatabase(tmp.dir);
    try {
      await expect(openDatabase(tmp.dir)).rejects.toThrow(
        `this same process (pid ${process.pid}) already has it open`,
      );
    } finally {
      await db.close();
      await tmp.remove();
    }
  });
});

describe('a directory that cannot be written', () => {
  it('says what is wrong with the path', async () => {
    const tmp = await makeTempDir();
    try {
      const file = path.join(tmp.dir, 'not-a-directory');
      await writeFile(file, 'x');
      const error = await openDatabase(path.join(file, 'events')).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(DatabaseOpenError);
      expect((error as DatabaseOpenError).reason).toBe('not-writable');
      expect(errorMessage(error)).toMatch(/cannot use ".*not-a-directory\/events" for the database: /);
      expect(errorMessage(error)).toMatch(/: part of that path is a file, not a directory \(ENOTDIR\)/);
    } finally {
      await tmp.remove();
    }
  });

  it('is refused by the chapter CLI with that one line, exit code 1 and no stack trace', async () => {
    const tmp = await makeTempDir();
    try {
      const file = path.join(tmp.dir, 'not-a-directory');
      await writeFile(file, 'x');
      const run = await runScript(MAIN, { args: ['--db', path.join(file, 'events')] });
      expect(run.code, run.output).toBe(1);
      expect(run.lines, run.output).toHaveLength(1);
      expect(run.lines[0]).toMatch(/^\[main\] cannot use ".*" for the database: /);
      expect(run.lines[0]).toMatch(/: part of that path is a file, not a directory \(ENOTDIR\)/);
    } finally {
      await tmp.remove();
    }
  });
});
