// The producer and the worker as a reader runs them, two real processes: every message the producer
// reports as sent is in the queue when it exits (it waited for the broker's confirms), the worker
// processes each exactly once, and the queue ends empty.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { waitFor } from '../../common/time.ts';
import { deadLetterNames } from '../channel.ts';
import { doneIds, SLOW, useQueueFixture } from './helpers.ts';

describe('producer then worker', () => {
  const fixture = useQueueFixture('once');

  it('processes every message once and leaves the queue empty', { timeout: SLOW.testMs }, async () => {
    const { queue, broker } = fixture;

    const producer = await runScript(new URL('../producer.ts', import.meta.url), {
      args: ['--queue', queue, '--count', '5'],
      timeoutMs: SLOW.startMs,
    });
    expect(producer.code, producer.output).toBe(0);
    expect(producer.output).toContain(`Broker confirmed 5 message(s) in '${queue}'`);
    // Confirmed means in the queue: no waiting needed after the producer exits.
    expect(await broker.count(queue)).toBe(5);

    const worker = fixture.spawnWorker('W');
    await waitFor('the worker to do five jobs', () => doneIds(worker.lines).length >= 5, {
      timeoutMs: SLOW.startMs,
    });
    await worker.waitForLine(/no message, waiting/, SLOW.startMs);
    expect(await worker.kill('SIGTERM')).toEqual({ code: 0, signal: null });

    expect(doneIds(worker.lines).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(worker.lines.at(-1)).toBe('[worker W] stopped');
    expect(await broker.count(queue)).toBe(0);
    expect(await broker.count(deadLetterNames(queue).queue)).toBe(0);
  });
});
