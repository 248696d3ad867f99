// The chapter's maintenance commands, for `npm run chapter:2 -- dead-letters | requeue <id|all>`:
// look at the jobs that failed too often, and put them back in the queue once the cause is fixed.
import type { Logger } from '../../common/log.ts';
import type { JobQueue } from '../job-queue.ts';
import { shortPath } from './cli.ts';
import { openDatabase } from './database.ts';
import { DeadLetterStore, requeue } from './dead-letters.ts';

/** Prints each dead letter, then the command that puts it back, with its own job id. */
export async function listDeadLetters(location: string, log: Logger): Promise<void> {
  const db = await openDatabase(location);
  try {
    const letters = await new DeadLetterStore(db).list();
    if (letters.length === 0) log('no dead letters in %s', shortPath(location));
    for (const letter of letters) {
      const { id, payload, attempts, lastError, failedAt } = letter;
      log('job %s: %j, %d attempts, last error: %s (%s)', id, payload, attempts, lastError, failedAt);
      log('   put it back with: npm run chapter:2 -- requeue %s', id);
    }
    if (letters.length > 1) log('or all of them with: npm run chapter:2 -- requeue all');
  } finally {
    await db.close();
  }
}

/** `target` is a dead letter's job id, or "all". Each one becomes a new job in `queue`. */
export async function requeueDeadLetters<T>(queue: JobQueue<T>, target: string, log: Logger): Promise<void> {
  const ids = target === 'all' ? (await queue.deadLetters.list()).map((letter) => letter.id) : [target];
  if (ids.length === 0) log('no dead letters to re-queue');
  for (const id of ids) {
    const newId = await requeue(queue, id);
    log(' [x] dead letter %s is back in the queue as job %s', id, newId);
  }
}
