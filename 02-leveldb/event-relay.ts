// The article's `event_relay` module: open the database, create the queue with concurrency 1, give
// it the relay worker. Everything that pushes events, or reads the queue, starts here.
import type { Level } from 'level';
import { createLogger } from '../common/log.ts';
import { openDatabase } from './database.ts';
import { JobQueue, type JobQueueOptions } from './job-queue.ts';
import { createRelayWorker, type DoorEvent, type RemoteService } from './worker.ts';

export interface EventRelayOptions extends Omit<JobQueueOptions, 'maxConcurrency'> {
  /** The LevelDB directory. */
  location: string;
  remote: RemoteService;
  /** Default 1, as in the article: one event at a time, in order. */
  maxConcurrency?: number;
}

export interface EventRelay {
  queue: JobQueue<DoorEvent>;
  db: Level<string, string>;
  /** Closes the database. Call it once `queue.whenEmpty()` resolved, or jobs in flight run again next time. */
  close(): Promise<void>;
}

export async function openEventRelay({ location, remote, maxConcurrency = 1, ...options }: EventRelayOptions): Promise<EventRelay> {
  const db = await openDatabase(location);
  const worker = createRelayWorker(db, remote, createLogger('worker'));
  // The queue starts at once: jobs left over from an earlier run (waiting, or running when it died) go first.
  const queue = new JobQueue<DoorEvent>(db, worker, { maxConcurrency, ...options });
  return { queue, db, close: () => db.close() };
}
