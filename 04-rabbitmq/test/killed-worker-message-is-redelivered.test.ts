// choosing: survives a worker crash; never loses an accepted job; never runs a job twice
// A worker SIGKILLed while it holds a message it has not acked: the message was never lost, only
// hidden from other workers; when the dead worker's connection drops, the broker delivers it again,
// marked redelivered, to the worker that is still alive. At-least-once: the job may run twice.
import { describe, expect, it } from 'vitest';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { doneIds, quiet, SLOW, useQueueFixture } from './helpers.ts';

describe('a worker killed while holding an unacked message', () => {
  const fixture = useQueueFixture('killed');

  it('has its message redelivered to another worker', { timeout: SLOW.testMs }, async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a sandwich' })], { log: quiet });

    // A works slowly enough to be killed mid-job.
    const slow = fixture.spawnWorker('A', ['--work-ms', '60000']);
    await slow.waitForLine(/Received job 1 .*attempt 1\/3$/, SLOW.startMs);

    // While A holds it, the message is unacked: not in the queue's ready count, not given to B.
    const other = fixture.spawnWorker('B');
    await other.waitForLine(/no message, waiting/, SLOW.startMs);
    expect(await broker.count(queue)).toBe(0);

    await slow.kill('SIGKILL');
    await other.waitForLine(/Received job 1 .*\(redelivered\)$/, SLOW.startMs);
    await other.waitForLine(/Done job 1/, SLOW.startMs);
    expect(doneIds(slow.lines)).toEqual([]);
    expect(doneIds(other.lines)).toEqual([1]);
    expect(await other.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await broker.count(queue)).toBe(0);
  });
});
