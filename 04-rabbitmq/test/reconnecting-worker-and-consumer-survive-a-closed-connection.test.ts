// `--reconnect`: when the broker closes the connection (here: "Force Close" through the management API,
// as an operator would), the worker and the consumer do not exit. amqplib's `recovery` reconnects after a
// backoff with jitter, its `setup` declares the queue again (and the consumer subscribes again), and
// every job of the batch is done. A real broker restart is in the .serial test of the same name.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { doneIds, managementApi, quiet, SLOW, useQueueFixture } from './helpers.ts';
import { spawnScript } from '../../common/process.ts';

const ids = Array.from({ length: 10 }, (_, i) => i + 1);

describe.each(['worker', 'consumer'])('a %s started with --reconnect', (kind) => {
  const fixture = useQueueFixture(`reconnect-${kind}`);

  it('reconnects after the broker closes its connection, and finishes the batch', { timeout: SLOW.testMs }, async () => {
    const { queue, broker } = fixture;
    const name = queue.slice(-9);
    const child = spawnScript(new URL(`../${kind}.ts`, import.meta.url), {
      args: ['--queue', queue, '--name', name, '--work-ms', '50', '--reconnect', ...(kind === 'worker' ? ['--poll-interval-ms', '50'] : [])],
    });
    fixture.children.push(child);
    await child.waitForLine(kind === 'worker' ? /connected; polling/ : /Waiting for messages/, SLOW.startMs);
    await produce(queue, ids.slice(0, 5).map((id) => encodeJob({ id, task: 'make me a sandwich' })), { log: quiet });
    await waitFor('the first five done', () => doneIds(child.lines).length >= 5, { timeoutMs: SLOW.startMs });

    await managementApi().forceClose(`${kind} ${name}`, 'closed by the test');
    await child.waitForLine(/connection lost \(.*CONNECTION_FORCED - closed by the test.*\); reconnecting/, SLOW.startMs);
    await child.waitForLine(/reconnected; queue declared again/, SLOW.startMs);
    await produce(queue, ids.slice(5).map((id) => encodeJob({ id, task: 'make me a sandwich' })), { log: quiet });

    await waitFor('all ten done', () => new Set(doneIds(child.lines)).size === 10, { timeoutMs: SLOW.startMs });
    expect([...new Set(doneIds(child.lines))].sort((a, b) => a - b)).toEqual(ids);
    expect(await child.stop()).toEqual({ code: 0, signal: null });
    expect(await broker.count(queue)).toBe(0);
  });
});
