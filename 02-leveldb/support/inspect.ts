// Looking at the queue on disk, without starting it (the chapter's commands and tests use it). level-jobs
// keeps its jobs under two prefixes of
// the same database, `!work!<id>` (waiting) and `!pending!<id>` (started, not finished), which are
// exactly what level@10 calls the sublevels `work` and `pending`. (level-jobs' own pendingStream() and
// runningStream() read these the other way round from what its README says; we read them directly.)
import type { Level } from 'level';
import { openDatabase } from './database.ts';
import { DeadLetterStore, type DeadLetter } from './dead-letters.ts';

export interface StoredJob<T> {
  id: string;
  payload: T;
}

export interface QueueState<T> {
  /** Waiting to start, oldest first. */
  queued: StoredJob<T>[];
  /** Started and not finished: running now, or running when the process died (they run again on start). */
  running: StoredJob<T>[];
  deadLetters: DeadLetter<T>[];
}

export async function queueState<T = unknown>(db: Level<string, string>): Promise<QueueState<T>> {
  const read = async (name: string) => {
    const entries = await db.sublevel<string, T>(name, { valueEncoding: 'json' }).iterator().all();
    return entries.map(([id, payload]) => ({ id, payload }));
  };
  const [queued, running, deadLetters] = await Promise.all([
    read('work'),
    read('pending'),
    new DeadLetterStore<T>(db).list(),
  ]);
  return { queued, running, deadLetters };
}

/** Opens the database at `location` (no process may hold it), reads the queue's state, and closes it. */
export async function readQueueState<T = unknown>(location: string): Promise<QueueState<T>> {
  const db = await openDatabase(location);
  try {
    return await queueState<T>(db);
  } finally {
    await db.close();
  }
}
