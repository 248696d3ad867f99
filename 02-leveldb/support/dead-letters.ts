// The dead-letter store: jobs that failed too often, kept with everything needed to look into them
// and to run them again. It lives in the same LevelDB database as the queue, under its own prefix
// (`!dead-letters!<job id>`), next to level-jobs' `!work!` and `!pending!` keys.
import type { Level } from 'level';

export interface DeadLetter<T = unknown> {
  /** The job id level-jobs gave the job. */
  id: string;
  payload: T;
  attempts: number;
  lastError: string;
  failedAt: string;
}

export class UnknownDeadLetterError extends Error {
  override name = 'UnknownDeadLetterError';
}

export class DeadLetterStore<T = unknown> {
  readonly #letters;

  constructor(db: Level<string, string>) {
    this.#letters = db.sublevel<string, DeadLetter<T>>('dead-letters', { valueEncoding: 'json' });
  }

  /** The sublevel itself, so a batch can move a job here atomically (see job-queue.ts). */
  get sublevel() {
    return this.#letters;
  }

  has(id: string): Promise<boolean> {
    return this.#letters.has(id);
  }

  get(id: string): Promise<DeadLetter<T> | undefined> {
    return this.#letters.get(id);
  }

  list(): Promise<DeadLetter<T>[]> {
    return this.#letters.values().all();
  }

  delete(id: string): Promise<void> {
    return this.#letters.del(id);
  }
}
