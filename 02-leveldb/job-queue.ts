// The chapter's queue: the article's `Jobs(db, worker, maxConcurrency)`, plus what level-jobs leaves out,
// each in its own numbered section below. Why each one is needed: docs/02-leveldb.md, "The fix".
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Level } from 'level';
import Jobs from 'level-jobs';
import { errorMessage } from '../common/errors.ts';
import { DeadLetterStore, type DeadLetter } from './support/dead-letters.ts';
import { queueState } from './support/inspect.ts';
import { callbackDatabase } from './support/level-adapter.ts';
import { oneRunPerId } from './support/one-run-per-id.ts';
import { assertStorable } from './support/payload.ts';

/** `attempt` is 1 for the first run, 2 for the first retry, ... counted across restarts. */
export interface Job<T> {
  id: string;
  payload: T;
  attempt: number;
  maxAttempts: number;
}

export type Handler<T> = (job: Job<T>) => Promise<void>;

export interface JobQueueOptions {
  maxConcurrency?: number; // how many jobs run at once; default 1, as in the article
  maxAttempts?: number; // runs of a job in all, across restarts, before the dead letters; default 4
  backoff?: { initialDelay: number; maxDelay: number; randomisationFactor?: number }; // waits, in ms
}

export interface JobQueueEvents<T> {
  retry: [{ id: string; payload: T; attempt: number; error: Error }];
  /** The outcome is on disk: from here on a crash cannot run the job again. */
  done: [{ id: string; payload: T; attempt: number; maxAttempts: number }];
  'dead-letter': [DeadLetter<T>];
  duplicate: [{ id: string }];
  error: [Error];
}

export class JobQueue<T> extends EventEmitter<JobQueueEvents<T>> {
  readonly deadLetters: DeadLetterStore<T>;
  readonly #jobs: Jobs.Queue<T>;
  readonly #db: Level<string, string>;
  readonly #handler: Handler<T>;
  readonly #maxAttempts: number;
  readonly #attempts; // !attempts!<job id> -> { attempts, lastError }: the runs so far
  readonly #done; // !done!<job id> -> { attempts, at }: finished, never to run again

  constructor(db: Level<string, string>, handler: Handler<T>, options: JobQueueOptions = {}) {
    super();
    const { maxConcurrency = 1, maxAttempts = 4, backoff = { initialDelay: 50, maxDelay: 500 } } = options;
    if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1))
      throw new RangeError(`maxAttempts must be a whole number of at least 1, got ${maxAttempts}`);
    this.#db = db;
    this.#handler = handler;
    this.#maxAttempts = maxAttempts;
    this.#attempts = db.sublevel<string, { attempts: number; lastError?: string }>('attempts', {
      valueEncoding: 'json',
    });
    this.#done = db.sublevel<string, { attempts: number; at: string }>('done', { valueEncoding: 'json' });
    this.deadLetters = new DeadLetterStore<T>(db);

    // The plain use of level-jobs, as in the article: a database, a worker, how many jobs at once.
    const worker = oneRunPerId<T>(
      (id, payload) => this.#attempt(id, payload),
      (id) => this.emit('duplicate', { id }),
    );
    this.#jobs = Jobs<T>(callbackDatabase(db), worker, {
      maxConcurrency,
      // The last attempt reports success to level-jobs (see #attempt), so level-jobs sees at most
      // maxAttempts - 1 failures in a row and never reaches its own limit. (It must be at least 1.)
      maxRetries: Math.max(1, maxAttempts - 1),
      // All three fields: level-jobs replaces its whole default `backoff` object with ours.
      backoff: { randomisationFactor: 0, ...backoff },
    });
    // Storage errors. Without a listener, an 'error' event would crash the process.
    this.#jobs.on('error', (err) => this.emit('error', err));
  }

  /** Stores a job; resolves with its id once it is on disk. Refuses what JSON would store changed. */
  async push(payload: T): Promise<string> {
    assertStorable(payload);
    return new Promise((resolve, reject) => {
      const id = this.#jobs.push(payload, (err) => (err ? reject(err) : resolve(String(id))));
    });
  }

  // ---- 1. Attempts counted on disk, and the outcome in one batch ------------------------------------
  async #attempt(id: string, payload: T): Promise<void> {
    // level-jobs runs again every job it had started when the process died, even one that had finished
    // (the kill came before level-jobs deleted it) or was buried: its outcome is on disk, so skip it.
    if ((await this.#done.has(id)) || (await this.deadLetters.has(id))) return;
    const before = (await this.#attempts.get(id)) ?? { attempts: 0 };
    if (before.attempts >= this.#maxAttempts) {
      // Every attempt was used and the last one has no outcome: the process died during it. Running it
      // again could crash the process again, after every restart.
      const why = before.lastError ?? 'the process stopped during the last attempt';
      return this.#bury(id, payload, before.attempts, why);
    }
    const attempt = before.attempts + 1;
    await this.#attempts.put(id, { ...before, attempts: attempt }); // written BEFORE the run
    try {
      await this.#handler({ id, payload, attempt, maxAttempts: this.#maxAttempts });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(errorMessage(err));
      if (attempt >= this.#maxAttempts) return this.#bury(id, payload, attempt, error.message);
      await this.#attempts.put(id, { attempts: attempt, lastError: error.message });
      this.emit('retry', { id, payload, attempt, error });
      throw error; // level-jobs waits (backoff), then runs it again
    }
    // The outcome, in one atomic batch: the attempt count goes and "done" appears together. A kill
    // after it cannot run the job again, nor bury it, even after its last attempt.
    await this.#db
      .batch()
      .del(id, { sublevel: this.#attempts })
      .put(id, { attempts: attempt, at: new Date().toISOString() }, { sublevel: this.#done })
      .write();
    this.emit('done', { id, payload, attempt, maxAttempts: this.#maxAttempts });
  }

  // ---- 2. Dead letters ------------------------------------------------------------------------------
  // At the last attempt we bury the job ourselves and return normally: level-jobs deletes it, frees its
  // slot and starts the next job. (Back in the queue, once the cause is fixed: support/dead-letters.ts.)
  async #bury(id: string, payload: T, attempts: number, lastError: string): Promise<void> {
    const letter: DeadLetter<T> = { id, payload, attempts, lastError, failedAt: new Date().toISOString() };
    await this.#db
      .batch()
      .del(id, { sublevel: this.#attempts })
      .put(id, letter, { sublevel: this.deadLetters.sublevel })
      .write();
    this.emit('dead-letter', letter);
  }

  // ---- 3. whenEmpty: the moment to close the database ----------------------------------------------
  /** Resolves once no job is waiting or running: each one finished or went to the dead letters. */
  async whenEmpty(): Promise<void> {
    for (;;) {
      // level-jobs' 'drain' can be skipped above concurrency 1: wake on it or after 250 ms, look at disk.
      let onDrain = () => {};
      const drained = new Promise<void>((resolve) => {
        onDrain = resolve;
        this.#jobs.once('drain', resolve);
      });
      const { queued, running } = await queueState(this.#db);
      const empty = queued.length === 0 && running.length === 0;
      if (!empty) await Promise.race([drained, sleep(250)]);
      this.#jobs.off('drain', onDrain);
      if (empty) return;
    }
  }
}
