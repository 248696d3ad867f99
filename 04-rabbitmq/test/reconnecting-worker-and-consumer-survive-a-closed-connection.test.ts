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

const ids = [1, 2, 3, 4];

describe.each(['worker', 'consumer'])('a %s started with --reconnect', (kind) => {
  const fixture = useQueueFixture(`reconnect-${kind}`);

  it('reconnects after the broker closes its connection, and finishes the batch', {
    timeout: SLOW.testMs,
  }, async () => {
    const { queue, broker } = fixture;
    const name = queue.slice(-9);
    const api = managementApi();
    const child = spawnScript(new URL(`../${kind}.ts`, import.meta.url), {
      args: [
        '--queue',
        queue,
        '--name',
        name,
        '--work-ms',
        '1000',
        '--reconnect',
        ...(kind === 'worker' ? ['--poll-interval-ms', '50'] : []),
      ],
    });
    fixture.children.push(child);
    await child.waitForLine(kind === 'worker' ? /connected; polling/ : /Waiting for messages/, SLOW.startMs);
    await api.connection(`${kind} ${name}`); // listed: the force-close below is immediate

    await produce(
      queue,
      ids.map((id) => encodeJob({ id, task: 'make me a sandwich' })),
      { log: quiet },
    );
    // Closed while job 2 is in hand: its ack fails, and the broker must redeliver it.
    await child.waitForLine(/Received job 2 /, SLOW.startMs);
    await api.forceClose(`${kind} ${name}`, 'closed by the test');
    await child.waitForLine(
      /connection lost \(.*CONNECTION_FORCED - closed by the test.*\); reconnecting/,
      SLOW.startMs,
    );
    await child.waitForLine(/reconnected; queue declared again/, SLOW.startMs);

    await waitFor('every job done', () => new Set(doneIds(child.lines)).size === ids.length, {
      timeoutMs: SLOW.startMs,
    });
    expect([...new Set(doneIds(child.lines))].sort((a, b) => a - b)).toEqual(ids);
    expect(child.lines.some((l) => /Received job 2 .*\(redelivered\)/.test(l))).toBe(true);
    expect(await child.stop()).toEqual({ code: 0, signal: null });
    expect(await broker.count(queue)).toBe(0);
  });
});
