// The dead-letter store: jobs that failed too often, kept with everything needed to look into them
// and to run them again. It lives in the same LevelDB database as the queue, under its own prefix
// (`!dead-letters!<job id>`), next to level-jobs' `!work!` and `!pending!` keys.
import type { Level } from 'level';
import type { JobQueue } from '../job-queue.ts';

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

/** Moves a dead letter back into the queue, as a new job (its attempts start again at 1). Resolves
 *  with the new job's id. */
export async function requeue<T>(queue: JobQueue<T>, deadLetterId: string): Promise<string> {
  const letter = await queue.deadLetters.get(deadLetterId);
  if (!letter)
    throw new UnknownDeadLetterError(
      `there is no dead letter with id ${deadLetterId} (list them with: npm run chapter:2 -- dead-letters)`,
    );
  const id = await queue.push(letter.payload);
  // Deleted once the new job is stored: a crash in between leaves it in both places, never in neither.
  await queue.deadLetters.delete(deadLetterId);
  return id;
}
