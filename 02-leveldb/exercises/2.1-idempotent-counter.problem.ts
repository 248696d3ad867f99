// Exercise 2.1 · An idempotent worker: count each event once, however often its job runs
// Difficulty: ★☆☆ easy · about 20 min
//
// level-jobs delivers at least once: a job that was running when the process died runs again after
// the restart. The chapter's queue remembers finished JOBS (`!done!<job id>`), so a job whose outcome
// reached the disk is not run again. Two gaps remain, and for a worker whose effect is a write to the same
// LevelDB you can close both:
//  - one EVENT can arrive in two jobs (a producer that pushed it again after a crash, a dead letter
//    re-queued as a new job). A job id does not catch that; the event's own id does.
//  - "do the effect, then remember it" as two writes leaves a window: a kill -9 between them and the
//    next run does the effect again. LevelDB applies a batch entirely or not at all, so write the
//    effect and the memory of it in ONE batch.
//
// createEventCounter(db) counts events by name ('door opened' -> 3). Its handle() counts every run.
// Make it idempotent: when the event's id (String(payload.id)) is already in the `counted` sublevel,
// do nothing; otherwise write the new count AND the id into `counted` with one db.batch()
// (level: db.batch().put(key, value, { sublevel: counts }).put(...).write()).
//
// The tests run a job twice, push one event in two jobs, and kill -9 a real process right after its
// first write to the count, before the queue could mark the job done.
// Run: npm run exercise -- 2.1
import type { Level } from 'level';
import type { Job } from '../job-queue.ts';
import type { DoorEvent } from '../worker.ts';

export function createEventCounter(db: Level<string, string>) {
  /** event name -> how many distinct events of that name were counted */
  const counts = db.sublevel<string, number>('event-counts', { valueEncoding: 'json' });
  /** event id -> when it was counted */
  // biome-ignore lint/correctness/noUnusedVariables: yours to use, see the TODO below
  const counted = db.sublevel<string, string>('counted-events', { valueEncoding: 'utf8' });

  return {
    async handle({ payload }: Job<DoorEvent>): Promise<void> {
      // TODO: skip an event whose id is already in `counted`; write the count and the id in one batch.
      const n = (await counts.get(payload.event)) ?? 0;
      await counts.put(payload.event, n + 1);
    },

    async count(event: string): Promise<number> {
      return (await counts.get(event)) ?? 0;
    },
  };
}
