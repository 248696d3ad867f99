// choosing: never runs a job twice (simulated)
// level-jobs runs some jobs more than once: a job it had started when the process died runs again
// after the restart, even if it had finished, and with maxConcurrency above 1 a race starts a few jobs
// twice while they run. The queue makes the relay worker idempotent by job id: a job whose outcome is
// on disk is skipped, and a second start of a running job joins the first run. So the remote service
// gets each event once, even with four jobs running at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Level } from 'level';
import { createFlakyService } from '../../common/flaky-service.ts';
import { silentLogger } from '../../common/log.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { waitFor } from '../../common/time.ts';
import { JobQueue } from '../job-queue.ts';
import { oneRunPerId } from '../support/one-run-per-id.ts';
import { createRelayWorker, type DoorEvent } from '../worker.ts';
import { openDatabase } from '../support/database.ts';

describe('the relay worker, run by the queue', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Level<string, string>;

  beforeAll(async () => {
    tmp = await makeTempDir();
    db = await openDatabase(path.join(tmp.dir, 'events'));
  });
  afterAll(async () => {
    await db.close();
    await tmp.remove();
  });

  it(
    'does nothing when a finished job comes back, as after a kill between its outcome and level-jobs ' +
      'deleting it',
    async () => {
      const location = path.join(tmp.dir, 'restart');
      const remote = createFlakyService<DoorEvent>({ failureRate: 0, delayMs: 0 });
      let own = await openDatabase(location);
      const queue = new JobQueue<DoorEvent>(own, createRelayWorker(remote, silentLogger()));
      queue.on('error', () => {}); // a look-up of level-jobs may land after the close below: the "crash"
      const id = await queue.push({ id: 7, event: 'door opened' });
      await queue.whenEmpty();
      await own.close();
      expect(remote.calls).toHaveLength(1);

      // What a kill at that moment leaves behind: the job still under `!pending!`, which level-jobs runs
      // again on start. Then the restart: the same directory, a new queue.
      own = await openDatabase(location);
      await own.put(`!pending!${id}`, JSON.stringify({ id: 7, event: 'door opened' }));
      const restarted = new JobQueue<DoorEvent>(own, createRelayWorker(remote, silentLogger()));
      await restarted.whenEmpty();
      await own.close();
      expect(remote.calls).toHaveLength(1);
    },
  );

  it('joins a second start of a job that is still running instead of running it again', async () => {
    // level-jobs' race is too rare to wait for, so this calls the worker the way level-jobs does when
    // it loses the race: twice with one id, the second time while the first run is still going.
    let finish = () => {};
    let runs = 0;
    const joined: string[] = [];
    const worker = oneRunPerId<string>(
      () => {
        runs++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      (id) => joined.push(id),
    );
    const callbacks: string[] = [];
    worker('42', 'payload', () => callbacks.push('first'));
    worker('42', 'payload', () => callbacks.push('second'));
    finish();
    await waitFor('both level-jobs callbacks', () => callbacks.length === 2);

    expect(runs).toBe(1);
    expect(joined).toEqual(['42']);
    expect(callbacks.sort()).toEqual(['first', 'second']); // level-jobs hears back from both starts
  });

  it(
    'relays each event once through a queue with maxConcurrency 4 that really runs jobs in ' + 'parallel',
    async () => {
      const remote = createFlakyService<DoorEvent>({ failureRate: 0, delayMs: 1 });
      const relay = createRelayWorker(remote, silentLogger());
      // The first job to start (whichever level-jobs picks: not always job 0) waits until a second one
      // is running beside it: with one job at a time it would wait for ever (and the test fail), so
      // finishing proves the jobs overlapped.
      let running = 0;
      let mostAtOnce = 0;
      let first: number | undefined;
      const queue = new JobQueue<DoorEvent>(
        db,
        async (job) => {
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          first ??= job.payload.id;
          try {
            if (job.payload.id === first)
              await waitFor('a second job to run beside the first', () => running >= 2);
            await relay(job);
          } finally {
            running--;
          }
        },
        { maxConcurrency: 4 },
      );
      for (let id = 0; id < 100; id++) await queue.push({ id, event: 'door opened' });
      await queue.whenEmpty();

      expect(mostAtOnce).toBeGreaterThanOrEqual(2);
      const perEvent = new Map<number, number>();
      for (const call of remote.calls)
        perEvent.set(call.payload.id, (perEvent.get(call.payload.id) ?? 0) + 1);
      expect(perEvent.size).toBe(100);
      expect([...perEvent.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    },
  );
});
