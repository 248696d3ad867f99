// choosing: keeps jobs that fail for good
// A dead letter can be put back: it becomes a new job, runs again, and leaves the dead-letter store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Level } from 'level';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { openDatabase } from '../support/database.ts';
import { requeue, UnknownDeadLetterError } from '../support/dead-letters.ts';
import { JobQueue } from '../job-queue.ts';

describe('re-queueing a dead letter', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Level<string, string>;
  let queue: JobQueue<{ name: string }>;
  let remoteIsDown = true; // the remote service is down at first, and comes back later
  const runs: Array<{ id: string; attempt: number; ok: boolean }> = [];

  beforeAll(async () => {
    tmp = await makeTempDir();
    db = await openDatabase(path.join(tmp.dir, 'jobs'));
    queue = new JobQueue(
      db,
      async ({ id, attempt }) => {
        runs.push({ id, attempt, ok: !remoteIsDown });
        if (remoteIsDown) throw new Error('remote service is down');
      },
      { maxAttempts: 2, backoff: { initialDelay: 5, maxDelay: 10 } },
    );
  });

  afterAll(async () => {
    await db.close();
    await tmp.remove();
  });

  it('runs the job again, as a new job, and removes the dead letter', async () => {
    const firstId = await queue.push({ name: 'report' });
    await queue.whenEmpty();
    expect((await queue.deadLetters.list()).map((letter) => letter.id)).toEqual([firstId]);

    remoteIsDown = false;
    const secondId = await requeue(queue, firstId);
    await queue.whenEmpty();

    expect(secondId).not.toBe(firstId);
    expect(runs).toEqual([
      { id: firstId, attempt: 1, ok: false },
      { id: firstId, attempt: 2, ok: false },
      { id: secondId, attempt: 1, ok: true }, // a fresh job: its attempts start again at 1
    ]);
    expect(await queue.deadLetters.list()).toEqual([]);
  });

  it('says so when there is no such dead letter', async () => {
    await expect(requeue(queue, '12345')).rejects.toThrow(UnknownDeadLetterError);
    await expect(requeue(queue, '12345')).rejects.toThrow(/no dead letter with id 12345/);
  });
});
