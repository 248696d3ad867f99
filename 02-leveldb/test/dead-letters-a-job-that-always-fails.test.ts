// choosing: keeps jobs that fail for good
// A job that fails on every attempt goes to the dead-letter store after maxAttempts runs, with its
// payload, last error and attempt count, and the jobs behind it still run. On level-jobs alone this
// test fails: the failing job keeps its concurrency slot and nothing behind it ever starts (see
// level-jobs-alone-stalls-on-a-failing-job.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { waitFor } from '../../common/time.ts';
import { openDatabase } from '../support/database.ts';
import { JobQueue } from '../job-queue.ts';
import { queueState } from '../support/inspect.ts';
import type { Level } from 'level';

interface Task {
  name: string;
  poison?: boolean;
}

describe('a job that always fails, at the head of a concurrency-1 queue', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Level<string, string>;
  let queue: JobQueue<Task>;
  const runs: string[] = [];
  let poisonId = '';

  beforeAll(async () => {
    tmp = await makeTempDir();
    db = await openDatabase(path.join(tmp.dir, 'jobs'));
    queue = new JobQueue<Task>(
      db,
      async ({ payload }) => {
        runs.push(payload.name);
        if (payload.poison) throw new Error(`cannot handle ${payload.name}`);
      },
      { maxConcurrency: 1, maxAttempts: 3, backoff: { initialDelay: 5, maxDelay: 10 } },
    );
    poisonId = await queue.push({ name: 'poison', poison: true });
    for (const name of ['a', 'b', 'c']) await queue.push({ name });
    // Not whenEmpty(): on a stalled queue this fails with a message instead of hanging.
    await waitFor('the jobs queued behind the failing one to run', () =>
      ['a', 'b', 'c'].every((name) => runs.includes(name)),
    );
    await queue.whenEmpty();
  });

  afterAll(async () => {
    await db.close();
    await tmp.remove();
  });

  it('runs the failing job maxAttempts times, then the others', () => {
    expect(runs).toEqual(['poison', 'poison', 'poison', 'a', 'b', 'c']);
  });

  it('keeps it in the dead-letter store with its payload, last error and attempt count', async () => {
    const letters = await queue.deadLetters.list();
    expect(letters).toEqual([
      {
        id: poisonId,
        payload: { name: 'poison', poison: true },
        attempts: 3,
        lastError: 'cannot handle poison',
        failedAt: expect.any(String),
      },
    ]);
  });

  it('leaves no job waiting or running', async () => {
    const { queued, running } = await queueState(db);
    expect({ queued, running }).toEqual({ queued: [], running: [] });
  });
});
