// Attempts are counted on disk BEFORE each run. So a job whose attempt never reports back, because
// the process died during it (the job may be what kills it), still uses up its attempts: after a
// restart with no attempts left it goes to the dead letters instead of running, and crashing, again.
// The process death is simulated in-process: the handler never returns, and the database is closed
// under it, leaving the job `pending` on disk exactly as a kill -9 would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { waitFor } from '../../common/time.ts';
import { openDatabase } from '../support/database.ts';
import { JobQueue } from '../job-queue.ts';
import { queueState } from '../support/inspect.ts';

describe('a job whose last attempt never finished', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let location: string;

  beforeAll(async () => {
    tmp = await makeTempDir();
    location = path.join(tmp.dir, 'jobs');
  });
  afterAll(() => tmp.remove());

  it('goes to the dead letters on the next start, without running again', async () => {
    // First "process": the attempt starts and hangs; then the process "dies".
    let db = await openDatabase(location);
    let started = false;
    const hanging = new JobQueue<{ name: string }>(
      db,
      () => {
        started = true;
        return new Promise<void>(() => {}); // never settles
      },
      { maxAttempts: 1 },
    );
    hanging.on('error', () => {}); // level-jobs may complain about the closed database; that is the "crash"
    const id = await hanging.push({ name: 'crasher' });
    await waitFor('the attempt to start', () => started);
    await db.close();

    // Second process, same directory.
    db = await openDatabase(location);
    const runs: string[] = [];
    const queue = new JobQueue<{ name: string }>(db, async ({ payload }) => void runs.push(payload.name), {
      maxAttempts: 1,
    });
    await queue.whenEmpty();
    const state = await queueState(db);
    await db.close();

    expect(runs).toEqual([]);
    expect(state.deadLetters).toEqual([
      {
        id,
        payload: { name: 'crasher' },
        attempts: 1,
        lastError: 'the process stopped during the last attempt',
        failedAt: expect.any(String),
      },
    ]);
    expect({ queued: state.queued, running: state.running }).toEqual({ queued: [], running: [] });
  });
});
