// `--reconnect`: when the broker closes the connection (here: "Force Close" through the management API,
// as an operator would), the worker and the consumer do not exit. amqplib's `recovery` reconnects after a
// backoff with jitter, its `setup` declares the queue again (and the consumer subscribes again), and
// every job of the batch is done. A real broker restart is in this folder's broker-restart-keeps-… test.
// The process holds job 2 until it has lost its connection (reconnecting-process-holding-job-2.ts), so the
// close always lands with job 2 in hand: its ack can never reach the broker, which must redeliver it.
import { describe, expect, it, onTestFinished } from 'vitest';
import { spawnScript } from '../../common/process.ts';
import { waitFor } from '../../common/time.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { doneIds, managementApi, quiet, SLOW, useQueueFixture } from './helpers.ts';

const ids = [1, 2, 3, 4];

describe.each(['worker', 'consumer'])('a %s started with --reconnect', (kind) => {
  const fixture = useQueueFixture(`reconnect-${kind}`);

  it('reconnects after the broker closes its connection, and finishes the batch', {
    timeout: SLOW.testMs,
  }, async () => {
    const { queue, broker } = fixture;
    // A user of its own, so the test can close this process's connection (and no other) at once.
    const user = await managementApi().temporaryUser(`ch4-reconnect-${kind}`);
    onTestFinished(() => user.remove());
    const child = spawnScript(new URL('./reconnecting-process-holding-job-2.ts', import.meta.url), {
      args: [kind, queue, 'R'],
      env: { AMQP_URL: user.url },
    });
    fixture.children.push(child);
    await child.waitForLine(kind === 'worker' ? /connected; polling/ : /Waiting for messages/, SLOW.startMs);

    await produce(
      queue,
      ids.map((id) => encodeJob({ id, task: 'make me a sandwich' })),
      { log: quiet },
    );
    // Job 2 is in hand, and stays there until the connection is gone.
    await child.waitForLine(/Received job 2 /, SLOW.startMs);
    expect(doneIds(child.lines)).not.toContain(2);
    await user.closeConnections('closed by the test');
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
