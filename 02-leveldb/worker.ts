// The article's worker and its `event_relay` module: relay one event to the remote service, and open
// the database with a queue (concurrency 1) that runs this worker. Everything that pushes events, or
// relays them, starts with openEventRelay().
import type { Level } from 'level';
import { errorMessage } from '../common/errors.ts';
import type { Logger } from '../common/log.ts';
import { openDatabase } from './support/database.ts';
import { JobQueue, type Handler, type JobQueueOptions } from './job-queue.ts';

export interface DoorEvent {
  id: number;
  event: string;
}

export type RemoteService = (event: DoorEvent) => Promise<void>;

/** The article's worker: one call to the remote service. A failure is logged and thrown: the queue
 *  retries it, or moves it to the dead letters after the last attempt. */
export function createRelayWorker(remote: RemoteService, log: Logger): Handler<DoorEvent> {
  return async function relay({ payload, attempt, maxAttempts }) {
    try {
      await remote(payload);
    } catch (err) {
      log(
        'Error processing event %s (attempt %d of %d): %s',
        payload.id,
        attempt,
        maxAttempts,
        errorMessage(err),
      );
      throw err;
    }
  };
}

export interface EventRelayOptions extends JobQueueOptions {
  /** The LevelDB directory. */
  location: string;
  remote: RemoteService;
  /** The worker's lines: failed attempts, and each event once its outcome is on disk. */
  log: Logger;
}

export interface EventRelay {
  queue: JobQueue<DoorEvent>;
  db: Level<string, string>;
  /**
   * Closes the database. Call it once `queue.whenEmpty()` resolved, or jobs in flight run again next time.
   */
  close(): Promise<void>;
}

export async function openEventRelay({
  location,
  remote,
  log,
  maxConcurrency = 1,
  ...options
}: EventRelayOptions): Promise<EventRelay> {
  const db = await openDatabase(location);
  // The queue starts at once: jobs left over from an earlier run (waiting, or running when it died) go first.
  const queue = new JobQueue<DoorEvent>(db, createRelayWorker(remote, log), { maxConcurrency, ...options });
  // Said only once the queue has written the outcome: a kill -9 after this line cannot relay the event
  // again, nor bury it. (A kill between the remote's yes and that write: docs/02-leveldb-deep-dive.md.)
  queue.on('done', ({ payload, attempt, maxAttempts }) =>
    log('event %s successfully relayed (attempt %d of %d)', payload.id, attempt, maxAttempts),
  );
  return { queue, db, close: () => db.close() };
}
