// level-jobs runs some jobs more than once: the job in flight at a crash runs again after the restart,
// and with maxConcurrency above 1 a race starts a few jobs twice. The relay worker remembers relayed
// job ids, and the queue joins a second start of a job that is still running, so the remote service
// gets each event once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Level } from 'level';
import { createFlakyService } from '../../common/flaky-service.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { openDatabase } from '../database.ts';
import { JobQueue } from '../job-queue.ts';
import { createRelayWorker, type DoorEvent } from '../worker.ts';
import { recordingLogger } from './helpers.ts';

describe('the relay worker', () => {
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

  it('does nothing when a job it already relayed runs again (as after a crash)', async () => {
    const remote = createFlakyService<DoorEvent>({ failureRate: 0, delayMs: 0 });
    const log = recordingLogger();
    const relay = createRelayWorker(db, remote, log);
    const job = { id: '1700000000000001', payload: { id: 7, event: 'door opened' }, attempt: 1, maxAttempts: 3 };

    await relay(job);
    await relay({ ...job, attempt: 1 }); // the same job id, run again

    expect(remote.calls).toHaveLength(1);
    expect(log.lines).toEqual([
      'event 7 successfully relayed (attempt 1 of 3)',
      'event 7 was already relayed (job 1700000000000001 ran again): nothing to do',
    ]);
  });

  it('relays each event once through a queue with maxConcurrency 4, where level-jobs starts some jobs twice', async () => {
    const remote = createFlakyService<DoorEvent>({ failureRate: 0, delayMs: 1 });
    const log = recordingLogger();
    const queue = new JobQueue<DoorEvent>(db, createRelayWorker(db, remote, log), { maxConcurrency: 4 });
    let joined = 0;
    queue.on('duplicate', () => joined++);
    for (let id = 0; id < 100; id++) await queue.push({ id, event: 'door opened' });
    await queue.whenEmpty();

    const perEvent = new Map<number, number>();
    for (const call of remote.calls) perEvent.set(call.payload.id, (perEvent.get(call.payload.id) ?? 0) + 1);
    expect(perEvent.size).toBe(100);
    expect([...perEvent.values()].every((n) => n === 1)).toBe(true);
    // How often level-jobs started a job twice varies from run to run (often a few %): it is reported
    // here, not asserted. Second starts while running were joined; later ones found the relayed marker.
    const skipped = log.lines.filter((line) => line.includes('already relayed')).length;
    console.log(`level-jobs started ${joined + skipped} of 100 jobs a second time (${joined} joined a running start, ${skipped} found the relayed marker)`);
  });
});
