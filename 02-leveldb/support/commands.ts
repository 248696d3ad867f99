// The chapter's maintenance commands, for `npm run chapter:2 -- dead-letters | requeue <id|all>`:
// look at the jobs that failed too often, and put them back in the queue once the cause is fixed.
import path from 'node:path';
import type { Logger } from '../../common/log.ts';
import type { JobQueue } from '../job-queue.ts';
import { openDatabase } from './database.ts';
import { DeadLetterStore, requeue } from './dead-letters.ts';

/** A mistake on the command line: one line and the usage, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export async function listDeadLetters(location: string, log: Logger): Promise<void> {
  const db = await openDatabase(location);
  try {
    const letters = await new DeadLetterStore(db).list();
    if (letters.length === 0) log('no dead letters in %s', shortPath(location));
    for (const letter of letters) {
      log(
        'job %s: %j, %d attempts, last error: %s (%s)',
        letter.id,
        letter.payload,
        letter.attempts,
        letter.lastError,
        letter.failedAt,
      );
    }
    if (letters.length > 0)
      log('re-queue one with: npm run chapter:2 -- requeue <job id>   (or: requeue all)');
  } finally {
    await db.close();
  }
}

/** `target` is a dead letter's job id, or "all". Each one becomes a new job in `queue`. */
export async function requeueDeadLetters<T>(
  queue: JobQueue<T>,
  target: string | undefined,
  log: Logger,
): Promise<void> {
  if (!target) throw new UsageError('requeue needs a dead letter id, or "all"');
  const ids = target === 'all' ? (await queue.deadLetters.list()).map((letter) => letter.id) : [target];
  if (ids.length === 0) log('no dead letters to re-queue');
  for (const id of ids) {
    const newId = await requeue(queue, id);
    log(' [x] dead letter %s is back in the queue as job %s', id, newId);
  }
}

/** `.data/02-leveldb/events` rather than the absolute path, for a directory inside the current one. */
export function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}
