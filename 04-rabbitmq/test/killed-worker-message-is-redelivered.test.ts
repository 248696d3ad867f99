// A worker SIGKILLed while it holds a message it has not acked: the message was never lost, only
// hidden from other workers; when the dead worker's connection drops, the broker delivers it again,
// marked redelivered, to the worker that is still alive. At-least-once: the job may run twice.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireRabbitMQ } from '../../common/servers.ts';
import type { Child } from '../../common/testing/child.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { doneIds, openInspector, quiet, spawnWorker, testQueue, type Inspector, SLOW } from './helpers.ts';

describe('a worker killed while holding an unacked message', () => {
  let queue: string;
  let broker: Inspector;
  const children: Child[] = [];

  beforeAll(() => requireRabbitMQ());

  afterEach(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    await broker.remove(queue);
    await broker.close();
  });

  it('has its message redelivered to another worker', { timeout: SLOW.testMs }, async () => {
    queue = testQueue('killed');
    broker = await openInspector();
    await produce(queue, [encodeJob({ id: 1, task: 'make me a sandwich' })], { log: quiet });

    // A works slowly enough to be killed mid-job.
    const slow = spawnWorker(queue, 'A', ['--work-ms', '60000']);
    children.push(slow);
    await slow.waitForLine(/Received job 1 .*attempt 1\/3$/, SLOW.startMs);

    // While A holds it, the message is unacked: not in the queue's ready count, not given to B.
    const other = spawnWorker(queue, 'B');
    children.push(other);
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
