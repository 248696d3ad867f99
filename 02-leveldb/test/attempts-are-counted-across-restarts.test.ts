// choosing: retries a failed job
// maxAttempts counts every run of a job, across restarts: a process dies (kill -9) during the second
// of three attempts, and the new process runs the job once more, as attempt 3 of 3, then moves it to
// the dead letters. level-jobs alone counts retries in memory, so a restart would start again at 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import type { DoorEvent } from '../worker.ts';
import { openDatabase } from '../support/database.ts';
import { queueState } from '../support/inspect.ts';

const CHILD = new URL('./children/dies-at-a-line.ts', import.meta.url);
const MAIN = new URL('../main.ts', import.meta.url);

describe('a job whose process died during its second of three attempts', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let location: string;
  let first: Awaited<ReturnType<typeof runScript>>;
  let second: Awaited<ReturnType<typeof runScript>>;
  const always = ['--failure-rate', '1', '--max-attempts', '3'];

  beforeAll(async () => {
    tmp = await makeTempDir();
    location = path.join(tmp.dir, 'events');
    const remoteLog = path.join(tmp.dir, 'remote.log');
    first = await runScript(CHILD, {
      args: [
        '--db',
        location,
        '--remote-log',
        remoteLog,
        ...always,
        '--die-at',
        'event 0 \\(attempt 2 of 3\\)',
      ],
    });
    second = await runScript(MAIN, { args: ['work', '--db', location, ...always, '--delay', '1'] });
  });
  afterAll(() => tmp.remove());

  it('died during attempt 2', () => {
    expect(first.signal, first.output).toBe('SIGKILL');
    expect(first.lines.at(-1)).toMatch(/Error processing event 0 \(attempt 2 of 3\)/);
  });

  it(
    'runs it once more after the restart, as attempt 3 of 3, then dead-letters it with 3 ' + 'attempts',
    async () => {
      expect(second.code, second.output).toBe(0);
      const runsOfEvent0 = second.lines.filter((line) => /event 0 \(attempt/.test(line));
      expect(runsOfEvent0, second.output).toEqual([
        expect.stringMatching(/Error processing event 0 \(attempt 3 of 3\)/),
      ]);
      const db = await openDatabase(location);
      const { deadLetters } = await queueState<DoorEvent>(db);
      await db.close();
      expect(deadLetters.find((letter) => letter.payload.id === 0)).toMatchObject({
        attempts: 3,
        lastError: 'something awful has happened',
      });
    },
  );
});
