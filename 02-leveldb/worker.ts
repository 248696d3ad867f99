// The article's worker: relay one event to the remote service and log the outcome per event id.
//
// One thing the article's worker does not need to think about, and this one does: it can run twice
// for the same job. level-jobs promises at-least-once delivery: a job that was running when the
// process died runs again after the restart, whether or not the remote service already got it. So
// the worker remembers, per job id, that the relay succeeded (`!relayed!<job id>`), and a second run
// of a relayed job does nothing.
import type { Level } from 'level';
import type { Logger } from '../common/log.ts';
import type { Job } from './job-queue.ts';

export interface DoorEvent {
  id: number;
  event: string;
}

export type RemoteService = (event: DoorEvent) => Promise<void>;

export function createRelayWorker(db: Level<string, string>, remote: RemoteService, log: Logger) {
  const relayed = db.sublevel<string, { eventId: number; at: string }>('relayed', { valueEncoding: 'json' });

  return async function relay({ id, payload, attempt, maxAttempts }: Job<DoorEvent>): Promise<void> {
    if (await relayed.has(id)) {
      log('event %s was already relayed (job %s ran again): nothing to do', payload.id, id);
      return;
    }
    try {
      await remote(payload);
    } catch (err) {
      log('Error processing event %s (attempt %d of %d): %s', payload.id, attempt, maxAttempts, (err as Error).message);
      throw err; // the queue retries it, or moves it to the dead letters after the last attempt
    }
    // A kill -9 exactly here, after the remote call and before this write, is the one case where the
    // remote service gets the event twice: see docs/02-leveldb.md, "At-least-once".
    await relayed.put(id, { eventId: payload.id, at: new Date().toISOString() });
    log('event %s successfully relayed (attempt %d of %d)', payload.id, attempt, maxAttempts);
  };
}
