// Tests for exercise 2.1: real LevelDB in a temp dir, the chapter's JobQueue, a real kill -9.
import { afterEach, describe, expect, it } from 'vitest';
import type { Level } from 'level';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { JobQueue, type Job } from '../job-queue.ts';
import type { DoorEvent } from '../worker.ts';
import { openDatabase } from '../support/database.ts';
import { afterTheQuickTests } from '../../common/testing/exercise.ts';
import * as problem from './2.1-idempotent-counter.problem.ts';
import * as solution from './2.1-idempotent-counter.solution.ts';

const { createEventCounter } = process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDb(): Promise<{ dir: string; db: Level<string, string> }> {
  const { dir, remove } = await makeTempDir('ex-2.1-');
  cleanups.push(remove);
  const db = await openDatabase(`${dir}/db`);
  cleanups.push(() => db.close());
  return { dir, db };
}

const job = (jobId: string, id: number): Job<DoorEvent> => ({
  id: jobId,
  payload: { id, event: 'door opened' },
  attempt: 1,
  maxAttempts: 3,
});

describe('an idempotent event counter', () => {
  it('counts a job that runs twice once', async () => {
    const { db } = await tempDb();
    const counter = createEventCounter(db);

    await counter.handle(job('job-1', 1));
    await counter.handle(job('job-1', 1));

    expect(await counter.count('door opened')).toBe(1);
  });

  it('counts one event pushed in two jobs once, and other events as usual', async () => {
    const { db } = await tempDb();
    const counter = createEventCounter(db);
    const queue = new JobQueue<DoorEvent>(db, (j) => counter.handle(j));

    await queue.push({ id: 7, event: 'door opened' });
    await queue.push({ id: 7, event: 'door opened' }); // the producer pushed it again
    await queue.push({ id: 8, event: 'door opened' });
    await queue.whenEmpty();

    expect(await counter.count('door opened')).toBe(2);
  });

  it(
    'counts once across a kill -9 right after the first write of the count (one batch, not two ' + 'writes)',
    async (ctx) => {
      afterTheQuickTests(ctx);
      const { dir, remove } = await makeTempDir('ex-2.1-crash-');
      cleanups.push(remove);
      const location = `${dir}/db`;
      const home = new URL('./2.1-idempotent-counter.home.ts', import.meta.url);

      // A real process dies (SIGKILL) the moment its first write to the count reaches the database: with
      // one batch, the count and "event 1 is counted" are both on disk; with two writes, only the first.
      const first = await runScript(home, {
        args: ['--db', location, '--push', '3', '--crash-after-first-count'],
      });
      expect(first.signal, first.output).toBe('SIGKILL');
      expect(first.output).toMatch(/crashing now/);

      // The restart, here in the test's process: the same directory, a new queue. level-jobs runs job 1
      // again (its outcome never reached the disk), then jobs 2 and 3.
      const db = await openDatabase(location);
      cleanups.push(() => db.close());
      const counter = createEventCounter(db);
      const ran: number[] = [];
      const queue = new JobQueue<DoorEvent>(db, async (j) => {
        ran.push(j.payload.id);
        await counter.handle(j);
      });
      await queue.whenEmpty();

      expect(ran).toEqual([1, 2, 3]);
      expect(await counter.count('door opened')).toBe(3);
    },
  );
});
