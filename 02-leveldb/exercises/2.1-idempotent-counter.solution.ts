// Exercise 2.1 · reference solution (the statement is in 2.1-idempotent-counter.problem.ts).
import type { Level } from 'level';
import type { Job } from '../job-queue.ts';
import type { DoorEvent } from '../worker.ts';

export function createEventCounter(db: Level<string, string>) {
  /** event name -> how many distinct events of that name were counted */
  const counts = db.sublevel<string, number>('event-counts', { valueEncoding: 'json' });
  /** event id -> when it was counted */
  const counted = db.sublevel<string, string>('counted-events', { valueEncoding: 'utf8' });

  return {
    async handle({ payload }: Job<DoorEvent>): Promise<void> {
      const eventId = String(payload.id);
      // Keyed by the EVENT's id, not the job's: a second job carrying the same event is caught too.
      if (await counted.has(eventId)) return;
      const n = (await counts.get(payload.event)) ?? 0;
      // One batch: the new count and "this event is counted" reach the disk together or not at all,
      // so no crash can leave the count done but the event not remembered. (The check above and this
      // write are two steps: fine with the chapter's concurrency 1. With more, two jobs carrying the
      // same event could both pass the check; they would need a lock per event id.)
      await db
        .batch()
        .put(payload.event, n + 1, { sublevel: counts })
        .put(eventId, new Date().toISOString(), { sublevel: counted })
        .write();
    },

    async count(event: string): Promise<number> {
      return (await counts.get(event)) ?? 0;
    },
  };
}
