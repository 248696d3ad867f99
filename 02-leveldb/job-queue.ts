// The chapter's queue: the article's `Jobs(db, worker, maxConcurrency)`, plus four things level-jobs
// leaves out, each in its own section below. Why each one is needed: docs/02-leveldb.md, "The fix".
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Level } from 'level';
import Jobs from 'level-jobs';
import { callbackDatabase } from './support/level-adapter.ts';
import { DeadLetterStore, type DeadLetter } from './support/dead-letters.ts';
import { assertStorable } from './support/payload.ts';
import { queueState } from './support/inspect.ts';

export class JobQueue<T> extends EventEmitter<JobQueueEvents<T>> {
  readonly #jobs: Jobs.Queue<T>;

  constructor(db: Level<string, string>, handler: Handler<T>, options: JobQueueOptions = {}) {
    super();
    const { maxConcurrency = 1, maxAttempts = 5, backoff = { initialDelay: 50, maxDelay: 500 } } = options;
    if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1))
      throw new RangeError(`maxAttempts must be a whole number of at least 1, got ${maxAttempts}`);

    // The plain use of level-jobs, as in the article: a database, a worker, how many jobs at once.
    // Our worker wraps the handler in the sections below; the adapter lets level-jobs talk to level 10.
    this.#jobs = Jobs<T>(
      callbackDatabase(db),
      oneRunPerId(
        (id, payload: T) => this.#attempt(id, payload),
        (id) => this.emit('duplicate', { id }),
      ),
      {
        maxConcurrency,
        // The last attempt reports success to level-jobs (see #attempt), so level-jobs sees at most
        // maxAttempts - 1 failures in a row and never reaches its own limit. (It must be at least 1.)
        maxRetries: Math.max(1, maxAttempts - 1),
        // All three fields: level-jobs replaces its whole default `backoff` object with ours.
        backoff: { randomisationFactor: 0, ...backoff },
      },
    );
    // Storage errors. Without a listener, an 'error' event would crash the process.
    this.#jobs.on('error', (err) => this.emit('error', err));

    this.#db = db;
    this.#handler = handler;
    this.#maxAttempts = maxAttempts;
    this.#attempts = db.sublevel<string, { attempts: number; lastError?: string }>('attempts', {
      valueEncoding: 'json',
    });
    this.#done = db.sublevel<string, { attempts: number; at: string }>('done', { valueEncoding: 'json' });
    this.deadLetters = new DeadLetterStore<T>(db);
  }

  // What the sections below keep: the database, the handler, and three sublevels of the database.
  readonly #db: Level<string, string>;
  readonly #handler: Handler<T>;
  readonly #maxAttempts: number;
  readonly #attempts;
  readonly #done;
  readonly deadLetters: DeadLetterStore<T>;

  /** Stores a job; resolves with its id once it is on disk. Refuses what JSON would store changed. */
  async push(payload: T): Promise<string> {
    assertStorable(payload);
    return new Promise((resolve, reject) => {
      const id = this.#jobs.push(payload, (err) => (err ? reject(err) : resolve(String(id))));
    });
  }

  // ---- 1. Attempts counted on disk ----------------------------------------------------------------
  // level-jobs counts retries in memory: a restart starts again at zero, and a run that kills the
  // process is never counted. So each attempt is written down BEFORE it runs, and the outcome after.
  async #attempt(id: string, payload: T): Promise<void> {
    // level-jobs runs again every job it had started when the process died, even one that had finished
    // (the kill came before level-jobs deleted it) or was buried: its outcome is on disk, so skip it.
    if ((await this.#done.has(id)) || (await this.deadLetters.has(id))) return;

    const before = (await this.#attempts.get(id)) ?? { attempts: 0 };
    if (before.attempts >= this.#maxAttempts) {
      // Every attempt was used and the last one has no outcome: the process died during it. Running it
      // again could crash the process again, after every restart.
      return this.#bury(
        id,
        payload,
        before.attempts,
        before.lastError ?? 'the process stopped during the last attempt',
      );
    }
    const attempt = before.attempts + 1;
    await this.#attempts.put(id, { ...before, attempts: attempt });

    try {
      await this.#handler({ id, payload, attempt, maxAttempts: this.#maxAttempts });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
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
  // When level-jobs runs out of retries it emits 'error' and keeps the job's slot for ever: with
  // maxConcurrency 1 the whole queue stops. So at the last attempt we bury the job ourselves and report
  // success: level-jobs deletes it, frees the slot and starts the next job. (Putting a dead letter
  // back in the queue, once its cause is fixed: requeue() in support/dead-letters.ts.)
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
      // level-jobs' 'drain' (nothing left to start) can be skipped with maxConcurrency above 1: wake
      // up on 'drain' or after 250 ms, and look at the database itself.
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

// ---- 4. Joining a duplicate run ---------------------------------------------------------------------
// With maxConcurrency above 1, level-jobs sometimes starts a job a second time while the first run is
// still going (two look-ups read the same `!work!` key before it moves). The second start joins the
// first run instead of running the job again. Exported for its test: the race is too rare to wait for.
export function oneRunPerId<T>(
  attempt: (id: string, payload: T) => Promise<void>,
  onJoin?: (id: string) => void,
): Jobs.Worker<T> {
  const running = new Map<string, Promise<void>>();
  return (id, payload, done) => {
    let run = running.get(id);
    if (run) onJoin?.(id);
    else {
      run = attempt(id, payload).finally(() => running.delete(id));
      running.set(id, run);
    }
    // Outside the promise chain, as callback code expects: an exception in `done` is not swallowed.
    run.then(
      () => process.nextTick(done),
      (err: Error) => process.nextTick(done, err),
    );
  };
}

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
  maxAttempts?: number; // runs before a job goes to the dead letters; default 5
  // level-jobs' waits, in ms
  backoff?: { initialDelay: number; maxDelay: number; randomisationFactor?: number };
}

export interface JobQueueEvents<T> {
  retry: [{ id: string; payload: T; attempt: number; error: Error }];
  /** The outcome is on disk: from here on a crash cannot run the job again. */
  done: [{ id: string; payload: T; attempt: number; maxAttempts: number }];
  'dead-letter': [DeadLetter<T>];
  duplicate: [{ id: string }];
  error: [Error];
}
