// choosing: shares the work among processes
// Two workers on one queue share the work: every job is done, each by exactly one of them, and each
// worker takes jobs from the same queue (pausing one with SIGSTOP makes the other take the next job).
import { describe, expect, it } from 'vitest';
import type { Child } from '../../common/process.ts';
import { waitFor } from '../../common/time.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { doneIds, quiet, SLOW, useQueueFixture } from './helpers.ts';

describe('two workers, one queue', () => {
  const fixture = useQueueFixture('share');

  it('process a batch between them, each message exactly once', { timeout: SLOW.testMs }, async () => {
    const { queue, broker } = fixture;
    const workers = ['A', 'B'].map((name) => fixture.spawnWorker(name));
    await Promise.all(workers.map((w) => w.waitForLine(/no message, waiting/, SLOW.startMs)));

    const ids = Array.from({ length: 10 }, (_, i) => i + 1);
    const jobs = (some: number[]) => some.map((id) => encodeJob({ id, task: 'make me a sandwich' }));
    // Each worker's first job is certain, not a matter of who polls first: job 1 is sent while A is
    // paused (SIGSTOP), so B takes it; job 2 while B is paused, so A takes it. Then both run, and the
    // other eight are sent at once.
    const [a, b] = workers as [Child, Child];
    a.process.kill('SIGSTOP');
    await produce(queue, jobs([1]), { log: quiet });
    await b.waitForLine(/Done job 1$/, SLOW.startMs);
    b.process.kill('SIGSTOP');
    a.process.kill('SIGCONT');
    await produce(queue, jobs([2]), { log: quiet });
    await a.waitForLine(/Done job 2$/, SLOW.startMs);
    b.process.kill('SIGCONT');
    await produce(queue, jobs(ids.slice(2)), { log: quiet });
    await waitFor('ten jobs done', () => workers.flatMap((w) => doneIds(w.lines)).length >= 10, {
      timeoutMs: SLOW.startMs,
    });
    for (const worker of workers) expect(await worker.kill('SIGTERM')).toEqual({ code: 0, signal: null });

    const [byA, byB] = workers.map((w) => doneIds(w.lines)) as [number[], number[]];
    expect([...byA, ...byB].sort((a, b) => a - b)).toEqual(ids);
    expect(byA).toContain(2);
    expect(byB).toContain(1);
    expect(await broker.count(queue)).toBe(0);
  });
});
