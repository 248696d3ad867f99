// Exercise 2.2 · A priority lane: urgent events overtake the backlog
// Difficulty: ★★☆ medium · about 25 min
//
// The chapter relays events one at a time, in the order they were pushed. Most are 'door opened', and
// while the remote service is slow a backlog of them builds up. A 'smoke detected' event must not
// wait behind it. level-jobs has no priorities (its job ids are timestamps: first in, first out),
// so the simplest priority lane is a second queue.
//
// openLanes() (already written, below) opens two queues, each in a LevelDB directory of its own (a
// queue owns the `work` and `pending` keys of its database), both relaying to the same remote
// service with the chapter's relay worker. Write the two pieces that make one of them a priority lane:
//
// 1. pushEvent(lanes, event): push an urgent event (isUrgent(event)) to lanes.urgent, any other to
//    lanes.normal. Resolve with the job id.
// 2. normalLaneWorker(urgent, relay): the worker of the normal lane. Before it relays an event, it
//    waits until the urgent lane is empty (await urgent.whenEmpty()); then it relays it (relay(job)).
//
// An urgent event then starts at once (at most one normal event is still on its way beside it), and
// no normal event starts while an urgent one is waiting or running.
// Run: npm run exercise -- 2.2
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
  // TODO: urgent events go to the urgent lane.
  return lanes.normal.push(event);
}

export function normalLaneWorker(urgent: JobQueue<DoorEvent>, relay: Handler<DoorEvent>): Handler<DoorEvent> {
  // TODO: wait until the urgent lane is empty before relaying each normal event.
  return relay;
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
