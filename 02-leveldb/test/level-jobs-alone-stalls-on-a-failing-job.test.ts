// The level-jobs defect the dead-letter store exists for, shown on level-jobs itself (through the
// callback adapter, without JobQueue): once a job runs out of retries, level-jobs emits `error` and
// leaves the job `pending` with its concurrency slot taken. With maxConcurrency 1 nothing else ever
// starts, and after a restart the same job comes back first and does it again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { Level } from 'level';
import Jobs from 'level-jobs';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { callbackDatabase } from '../support/level-adapter.ts';
import { queueState } from '../support/inspect.ts';

type Task = { name: string };
// level-jobs' private state: the number of jobs it counts as running. Read only, to show the stall.
type Internals = { _concurrency: number; _options: { maxConcurrency: number } };

function startQueue(db: Level<string, string>, runs: string[]) {
  const worker: Jobs.Worker<Task> = (_id, payload, done) => {
    runs.push(payload.name);
    // Answer asynchronously, like real work. (A worker that calls back synchronously gets one run
    // more than maxRetries + 1: the backoff library counts the retry only after starting it.)
    setImmediate(() => done(payload.name === 'poison' ? new Error('always fails') : null));
  };
  return Jobs<Task>(callbackDatabase(db), worker, {
    maxConcurrency: 1,
    maxRetries: 2,
    backoff: { initialDelay: 5, maxDelay: 10, randomisationFactor: 0 },
  });
}

describe('level-jobs on its own, with a job that always fails', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Level<string, string>;

  beforeEach(async () => {
    tmp = await makeTempDir();
    db = new Level<string, string>(tmp.dir);
    await db.open();
  });
  afterEach(async () => {
    await db.close();
    await tmp.remove();
  });

  it('stops the whole queue when the job runs out of retries, and again after a restart', async () => {
    const runs: string[] = [];
    const queue = startQueue(db, runs);
    const gaveUp = once(queue, 'error');
    for (const name of ['poison', 'a', 'b']) queue.push({ name });
    const [error] = (await gaveUp) as [Error];

    expect(error.message).toBe('max retries reached'); // no job id: the listener cannot tell which job
    expect(runs).toEqual(['poison', 'poison', 'poison']); // 1 run + maxRetries 2
    let state = await queueState<Task>(db);
    expect(state.running.map((job) => job.payload.name)).toEqual(['poison']); // never deleted
    expect(state.queued.map((job) => job.payload.name)).toEqual(['a', 'b']); // never started
    // Why they never start: level-jobs starts a job only while _concurrency < maxConcurrency, and it
    // never decrements _concurrency for a job that ran out of retries.
    const internals = queue as unknown as Internals;
    expect(internals._concurrency).toBe(internals._options.maxConcurrency);

    // "Restart": a new level-jobs queue on the same database (after closing and reopening it).
    await db.close();
    await db.open();
    const runsAfterRestart: string[] = [];
    const restarted = startQueue(db, runsAfterRestart);
    await once(restarted, 'error');
    expect(runsAfterRestart).toEqual(['poison', 'poison', 'poison']); // the poison job went first again
    state = await queueState<Task>(db);
    expect(state.queued.map((job) => job.payload.name)).toEqual(['a', 'b']);
  });
});
