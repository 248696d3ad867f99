// Two workers on one queue share the work: every job is done, each by exactly one of them.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireRabbitMQ } from '../../common/servers.ts';
import type { Child } from '../../common/testing/child.ts';
import { waitFor } from '../../common/time.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { doneIds, openInspector, quiet, spawnWorker, testQueue, type Inspector, SLOW } from './helpers.ts';

describe('two workers, one queue', () => {
  let queue: string;
  let broker: Inspector;
  const children: Child[] = [];

  beforeAll(() => requireRabbitMQ());

  afterEach(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    await broker.remove(queue);
    await broker.close();
  });

  it('process a batch between them, each message exactly once', { timeout: SLOW.testMs }, async () => {
    queue = testQueue('share');
    broker = await openInspector();
    const workers = ['A', 'B'].map((name) => spawnWorker(queue, name, ['--work-ms', '100']));
    children.push(...workers);
    await Promise.all(workers.map((w) => w.waitForLine(/no message, waiting/, SLOW.startMs)));

    const ids = Array.from({ length: 10 }, (_, i) => i + 1);
    await produce(queue, ids.map((id) => encodeJob({ id, task: 'make me a sandwich' })), { log: quiet });
    await waitFor('ten jobs done', () => workers.flatMap((w) => doneIds(w.lines)).length >= 10, { timeoutMs: SLOW.startMs });
    for (const worker of workers) expect(await worker.kill('SIGTERM')).toEqual({ code: 0, signal: null });

    const [byA, byB] = workers.map((w) => doneIds(w.lines)) as [number[], number[]];
    expect([...byA, ...byB].sort((a, b) => a - b)).toEqual(ids);
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
    expect(await broker.count(queue)).toBe(0);
  });
});
