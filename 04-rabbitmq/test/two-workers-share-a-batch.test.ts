// choosing: shares the work among processes
// Two workers on one queue share the work: every job is done, each by exactly one of them.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { doneIds, quiet, SLOW, useQueueFixture } from './helpers.ts';

describe('two workers, one queue', () => {
  const fixture = useQueueFixture('share');

  it('process a batch between them, each message exactly once', { timeout: SLOW.testMs }, async () => {
    const { queue, broker } = fixture;
    const workers = ['A', 'B'].map((name) => fixture.spawnWorker(name, ['--work-ms', '100']));
    await Promise.all(workers.map((w) => w.waitForLine(/no message, waiting/, SLOW.startMs)));

    const ids = Array.from({ length: 10 }, (_, i) => i + 1);
    await produce(
      queue,
      ids.map((id) => encodeJob({ id, task: 'make me a sandwich' })),
      { log: quiet },
    );
    await waitFor('ten jobs done', () => workers.flatMap((w) => doneIds(w.lines)).length >= 10, {
      timeoutMs: SLOW.startMs,
    });
    for (const worker of workers) expect(await worker.kill('SIGTERM')).toEqual({ code: 0, signal: null });

    const [byA, byB] = workers.map((w) => doneIds(w.lines)) as [number[], number[]];
    expect([...byA, ...byB].sort((a, b) => a - b)).toEqual(ids);
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
    expect(await broker.count(queue)).toBe(0);
  });
});
