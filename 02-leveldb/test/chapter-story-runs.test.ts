// `npm run chapter:2` tells the story: ten events pushed, each one relayed or dead-lettered, retries
// visible, then the database is closed and the process exits 0 on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { openDatabase } from '../support/database.ts';
import { queueState } from '../support/inspect.ts';

const MAIN = new URL('../main.ts', import.meta.url);

/** The event ids in lines like `[worker] event 3 successfully relayed (attempt 1 of 4)`. */
const relayedEventIds = (lines: string[]) =>
  lines.flatMap((line) => /event (\d+) successfully relayed/.exec(line)?.[1] ?? []).map(Number);

describe('npm run chapter:2', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let location: string;
  let run: Awaited<ReturnType<typeof runScript>>;

  beforeAll(async () => {
    tmp = await makeTempDir();
    location = path.join(tmp.dir, 'events');
    run = await runScript(MAIN, { args: ['--db', location, '--seed', '3', '--delay', '20'] });
  });
  afterAll(() => tmp.remove());

  it('exits 0 by itself once the queue is empty', () => {
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(
      /queue empty: \d+ relayed, \d+ dead-lettered, \d+ retries\. Database closed\./,
    );
  });

  it(
    'pushes ten events and ends each one relayed or dead-lettered, showing the failed ' + 'attempts',
    async () => {
      const sent = run.lines.filter((line) => /\[x\] Sent event \d+ 'door opened'/.test(line));
      expect(sent).toHaveLength(10);
      expect(run.output).toMatch(
        /Error processing event \d+ \(attempt 1 of 4\): something awful has happened/,
      );

      const db = await openDatabase(location); // also proves the lock was released
      const { queued, running, deadLetters } = await queueState<{ id: number }>(db);
      await db.close();
      const dead = deadLetters.map((letter) => letter.payload.id);
      expect({ queued, running }).toEqual({ queued: [], running: [] });
      expect([...relayedEventIds(run.lines), ...dead].sort((a, b) => a - b)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    },
  );
});
