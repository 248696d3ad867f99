// A kill -9 right after the last attempt succeeded must not bury the event. The child dies
// the moment its worker prints `event 0 successfully relayed (attempt 4 of 4)` (seed 12 makes event 0
// fail three times, then succeed), and a new process finishes the queue. Every job must end either
// done or in the dead letters, never both, and the event the remote service accepted on its last
// attempt must not be among the dead letters (a `requeue all` would send it again).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import type { DoorEvent } from '../worker.ts';
import { openDatabase } from '../support/database.ts';
import { queueState } from '../support/inspect.ts';

const CHILD = new URL('./children/dies-at-a-line.ts', import.meta.url);
const MAIN = new URL('../main.ts', import.meta.url);

describe('a kill -9 at the line that says the last attempt succeeded', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let location: string;
  let remoteLog: string;
  let first: Awaited<ReturnType<typeof runScript>>;
  let second: Awaited<ReturnType<typeof runScript>>;

  beforeAll(async () => {
    tmp = await makeTempDir();
    location = path.join(tmp.dir, 'events');
    remoteLog = path.join(tmp.dir, 'remote.log');
    first = await runScript(CHILD, {
      args: [
        '--db',
        location,
        '--remote-log',
        remoteLog,
        '--seed',
        '12',
        '--die-at',
        'event 0 successfully relayed \\(attempt 4 of 4\\)',
      ],
    });
    second = await runScript(MAIN, {
      args: [
        'work',
        '--db',
        location,
        '--remote-log',
        remoteLog,
        '--max-attempts',
        '4',
        '--failure-rate',
        '0',
        '--delay',
        '1',
      ],
    });
  });
  afterAll(() => tmp.remove());

  it('died exactly there', () => {
    expect(first.signal, first.output).toBe('SIGKILL');
    expect(first.lines.at(-1), first.output).toMatch(/event 0 successfully relayed \(attempt 4 of 4\)/);
  });

  it('does not move the relayed event to the dead letters in the next process', async () => {
    expect(second.code, second.output).toBe(0);
    const db = await openDatabase(location);
    const { queued, running, deadLetters } = await queueState<DoorEvent>(db);
    const done = await db.sublevel<string, unknown>('done', { valueEncoding: 'json' }).keys().all();
    await db.close();

    expect({ queued, running }).toEqual({ queued: [], running: [] });
    expect(deadLetters.map((letter) => letter.payload.id)).not.toContain(0);
    // Each job ended one way only: done, or in the dead letters.
    expect(done.filter((id) => deadLetters.some((letter) => letter.id === id))).toEqual([]);
    // And the remote service got event 0 once.
    const delivered = (await readFile(remoteLog, 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map(Number);
    expect(delivered.filter((id) => id === 0)).toEqual([0]);
  });
});
