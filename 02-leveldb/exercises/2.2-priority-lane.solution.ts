// Exercise 2.2 · reference solution (the statement is in 2.2-priority-lane.problem.ts).
import type { Level } from 'level';
import type { Logger } from '../../common/log.ts';
import { openDatabase } from '../support/database.ts';
import { JobQueue, type Handler, type JobQueueOptions } from '../job-queue.ts';
import { createRelayWorker, type DoorEvent, type RemoteService } from '../worker.ts';

export const isUrgent = (event: DoorEvent) => event.event === 'smoke detected';

export interface Lanes {
  urgent: JobQueue<DoorEvent>;
  normal: JobQueue<DoorEvent>;
  urgentDb: Level<string, string>;
  normalDb: Level<string, string>;
  /** Resolves once both lanes are empty. */
  whenEmpty(): Promise<void>;
  close(): Promise<void>;
}

export async function pushEvent(lanes: Lanes, event: DoorEvent): Promise<string> {
  return (isUrgent(event) ? lanes.urgent : lanes.normal).push(event);
}

export function normalLaneWorker(urgent: JobQueue<DoorEvent>, relay: Handler<DoorEvent>): Handler<DoorEvent> {
  return async (job) => {
    // Checked before EACH normal event, so an urgent one pushed while the backlog drains goes next.
    // The price: while an urgent event is failing and waiting for its retry, the normal lane waits
    // too, until it is relayed or dead-lettered. Urgent means "first", even when it is stuck.
    await urgent.whenEmpty();
    await relay(job);
  };
}

// ---- Already written: two lanes, each a chapter-2 queue in its own database. ----

export async function openLanes(
  dir: string,
  remote: RemoteService,
  log: Logger,
  options: JobQueueOptions = {},
): Promise<Lanes> {
  const urgentDb = await openDatabase(`${dir}/urgent`);
  const normalDb = await openDatabase(`${dir}/normal`);
  const urgent = new JobQueue<DoorEvent>(urgentDb, createRelayWorker(remote, log), options);
  const normal = new JobQueue<DoorEvent>(
    normalDb,
    normalLaneWorker(urgent, createRelayWorker(remote, log)),
    options,
  );
  for (const queue of [urgent, normal]) queue.on('error', (err) => log.error('queue error: %s', err.message));
  return {
    urgent,
    normal,
    urgentDb,
    normalDb,
    async whenEmpty() {
      await Promise.all([urgent.whenEmpty(), normal.whenEmpty()]);
    },
    async close() {
      await urgentDb.close();
      await normalDb.close();
    },
  };
}
