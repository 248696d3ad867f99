// A persistent job queue: level-jobs on LevelDB, plus what level-jobs leaves out.
//
// level-jobs stores each job under `!work!<id>`, moves it to `!pending!<id>` when it starts, deletes it
// when the worker calls back without an error, and retries it with exponential backoff when the worker
// calls back with one. On start-up every `pending` job goes back to `work`: a job that was running when
// the process died runs again. This class adds three things on top:
//
//  1. A dead-letter store. When level-jobs runs out of retries it emits `error` and leaves the job
//     `pending`, holding its concurrency slot for ever: with maxConcurrency 1 the whole queue stops, and
//     stops again after every restart. So we count attempts ourselves (on disk, so a crash counts too)
//     and, at the last one, move the job to the dead letters and report success: level-jobs deletes it
//     and moves on. Its own retry limit is set so that it is never reached.
//  2. One run at a time per job id. With maxConcurrency above 1, level-jobs sometimes starts the same
//     job twice (two look-ups read the same `!work!` key before it is moved). A second start while the
//     first is still running joins the first run instead of running the job again.
//  3. Payload checks, and promises instead of callbacks.
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Level } from 'level';
import Jobs from 'level-jobs';
import { callbackDatabase } from './level-adapter.ts';
import { DeadLetterStore, UnknownDeadLetterError, type DeadLetter } from './dead-letters.ts';
import { assertStorable } from './payload.ts';
import { queueState } from './inspect.ts';

export interface Job<T> {
  id: string;
  payload: T;
  /** 1 for the first run, 2 for the first retry, ... counted across restarts. */
  attempt: number;
  maxAttempts: number;
}

export type Handler<T> = (job: Job<T>) => Promise<void>;

export interface JobQueueOptions {
  /** How many jobs run at once. Default 1, as in the article. */
  maxConcurrency?: number;
  /** Runs before a job goes to the dead letters. Default 5. */
  maxAttempts?: number;
  /** level-jobs' exponential backoff between retries, in ms. */
  backoff?: { initialDelay: number; maxDelay: number; randomisationFactor?: number };
}

export interface JobQueueEvents<T> {
  retry: [{ id: string; payload: T; attempt: number; error: Error }];
  done: [{ id: string; payload: T; attempt: number }];
  'dead-letter': [DeadLetter<T>];
  duplicate: [{ id: string }];
  error: [Error];
}

interface AttemptRecord {
  attempts: number;
  lastError?: string;
}

export class JobQueue<T> extends EventEmitter<JobQueueEvents<T>> {
  readonly deadLetters: DeadLetterStore<T>;
  readonly #db: Level<string, string>;
  readonly #jobs: Jobs.Queue<T>;
  readonly #attempts;
  readonly #handler: Handler<T>;
  readonly #maxAttempts: number;
  readonly #running = new Map<string, Promise<void>>();

  constructor(db: Level<string, string>, handler: Handler<T>, options: JobQueueOptions = {}) {
    super();
    const { maxConcurrency = 1, maxAttempts = 5, backoff = { initialDelay: 50, maxDelay: 500 } } = options;
    if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
      throw new RangeError(`maxAttempts must be a whole number of at least 1, got ${maxAttempts}`);
    }
    this.#db = db;
    this.#handler = handler;
    this.#maxAttempts = maxAttempts;
    this.#attempts = db.sublevel<string, AttemptRecord>('attempts', { valueEncoding: 'json' });
    this.deadLetters = new DeadLetterStore<T>(db);
    this.#jobs = Jobs<T>(callbackDatabase(db), this.#run, {
      maxConcurrency,
      // We report success on the last attempt (see #attempt), so level-jobs sees at most
      // maxAttempts - 1 failures in a row and never reaches its own limit. (It must be at least 1.)
      maxRetries: Math.max(1, maxAttempts - 1),
      // All three fields: level-jobs replaces the whole default `backoff` object with ours.
      backoff: { randomisationFactor: 0, ...backoff },
    });
    // Storage errors from level-jobs. Without a listener, level-jobs would crash the process.
    this.#jobs.on('error', (err) => this.emit('error', err));
  }

  /** Stores a job; resolves with its id once it is on disk. */
  async push(payload: T): Promise<string> {
    assertStorable(payload);
    return new Promise((resolve, reject) => {
      const id = this.#jobs.push(payload, (err) => (err ? reject(err) : resolve(String(id))));
    });
  }

  /** Moves a dead letter back into the queue, as a new job. Resolves with the new job's id. */
  async requeue(deadLetterId: string): Promise<string> {
    const letter = await this.deadLetters.get(deadLetterId);
    if (!letter) throw new UnknownDeadLetterError(`there is no dead letter with id ${deadLetterId} (list them with: npm run chapter:2 -- dead-letters)`);
    const id = await this.push(letter.payload);
    // Deleted only once the new job is stored: a crash in between leaves the job in both places
    // (you may re-queue it twice), never in neither.
    await this.deadLetters.delete(deadLetterId);
    return id;
  }

  /** Resolves once no job is waiting or running: each one finished or went to the dead letters. */
  async whenEmpty(): Promise<void> {
    for (;;) {
      // level-jobs emits `drain` after it deletes a finished job and finds nothing else to start. Not
      // always, though: with maxConcurrency above 1, a look-up for work that overlaps the last job's
      // end can leave it without a final `drain`. So wake up on `drain`, or after a short while anyway,
      // and look at the database itself.
      let onDrain = () => {};
      const drained = new Promise<void>((resolve) => this.#jobs.once('drain', (onDrain = resolve)));
      const { queued, running } = await queueState(this.#db);
      if (queued.length === 0 && running.length === 0) {
        this.#jobs.off('drain', onDrain);
        return;
      }
      await Promise.race([drained, sleep(250)]);
      this.#jobs.off('drain', onDrain);
    }
  }

  // The worker level-jobs calls: (id, payload, callback). Runs of the same id share one attempt.
  readonly #run = (id: string, payload: T, done: Jobs.Callback): void => {
    let run = this.#running.get(id);
    if (run) {
      this.emit('duplicate', { id });
    } else {
      run = this.#attempt(id, payload).finally(() => this.#running.delete(id));
      this.#running.set(id, run);
    }
    run.then(
      () => process.nextTick(done),
      (err: Error) => process.nextTick(done, err),
    );
  };

  async #attempt(id: string, payload: T): Promise<void> {
    // After a restart level-jobs runs every `pending` job again, including one we had already buried.
    if (await this.deadLetters.has(id)) return;

    const before = (await this.#attempts.get(id)) ?? { attempts: 0 };
    if (before.attempts >= this.#maxAttempts) {
      // Every attempt was used and the last one never reported back: the process died during it.
      // (A job that crashes the process each time would otherwise crash it after every restart.)
      return this.#bury(id, payload, before.attempts, before.lastError ?? 'the process stopped during the last attempt');
    }
    const attempt = before.attempts + 1;
    // Counted BEFORE the run, so an attempt that never finishes (kill -9) still counts.
    await this.#attempts.put(id, { ...before, attempts: attempt });

    try {
      await this.#handler({ id, payload, attempt, maxAttempts: this.#maxAttempts });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (attempt >= this.#maxAttempts) return this.#bury(id, payload, attempt, error.message);
      await this.#attempts.put(id, { attempts: attempt, lastError: error.message });
      this.emit('retry', { id, payload, attempt, error });
      throw error; // level-jobs waits (backoff), then calls #run again
    }
    await this.#attempts.del(id);
    this.emit('done', { id, payload, attempt });
  }

  async #bury(id: string, payload: T, attempts: number, lastError: string): Promise<void> {
    const letter: DeadLetter<T> = { id, payload, attempts, lastError, failedAt: new Date().toISOString() };
    // One atomic batch: the job's attempt count goes and its dead letter appears together.
    await this.#db
      .batch()
      .del(id, { sublevel: this.#attempts })
      .put(id, letter, { sublevel: this.deadLetters.sublevel })
      .write();
    this.emit('dead-letter', letter);
    // Returning normally tells level-jobs the job is finished: it deletes `!pending!<id>`, frees the
    // slot and starts the next job.
  }
}
