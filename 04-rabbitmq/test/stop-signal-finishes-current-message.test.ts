// SIGTERM (or Ctrl-C) does not abandon the message in hand: the worker finishes it, acks it, closes
// its channel and connection, and exits 0. Messages it had not fetched stay in the queue for others.
// The worker's job here lasts until the signal arrives (worker-holding-a-job.ts): no race with a timer.
import { describe, expect, it } from 'vitest';
import { spawnScript } from '../../common/process.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { doneIds, quiet, SLOW, useQueueFixture } from './helpers.ts';

describe('SIGTERM to a worker in the middle of a job', () => {
  const fixture = useQueueFixture('sigterm');

  it('finishes and acks the current message, then exits cleanly', { timeout: SLOW.testMs }, async () => {
    const { queue, broker } = fixture;
    await produce(
      queue,
      [1, 2].map((id) => encodeJob({ id, task: 'make me a sandwich' })),
      { log: quiet },
    );

    const worker = spawnScript(new URL('./worker-holding-a-job.ts', import.meta.url), { args: [queue, 'W'] });
    fixture.children.push(worker);
    await worker.waitForLine(/Received job 1 /, SLOW.startMs);
    worker.process.kill('SIGTERM');

    expect(await worker.exited).toEqual({ code: 0, signal: null });
    const tail = worker.lines.slice(worker.lines.findIndex((l) => l.includes('SIGTERM')));
    expect(tail).toEqual([
      '[worker W] SIGTERM: stopping after the current message',
      '[worker W]  [x] Done job 1',
      '[worker W] stopped',
    ]);
    expect(doneIds(worker.lines)).toEqual([1]);
    // Job 1 was acked (not redelivered on close); job 2 was never fetched.
    const left = await broker.drain(queue);
    expect(left.map((m) => JSON.parse(m.content.toString()).id)).toEqual([2]);
    expect(left[0]!.fields.redelivered).toBe(false);
  });
});
