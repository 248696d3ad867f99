// choosing: retries a failed job; keeps jobs that fail for good
import { describe, expect, it } from 'vitest';
import { Device, CommandError } from '../device.ts';
import { createWorker } from '../worker.ts';
import { createQueue } from '../queue.ts';

describe('an error that is not ECONN', () => {
  it("reaches the item's callback without a retry, and the queue goes on", async () => {
    const device = new Device({ latencyMs: 1 });
    const queue = createQueue(createWorker(device, { reconnectDelayMs: 10 }));

    const outcome = await new Promise<{ err: Error | null | undefined; result: unknown }>((resolve) => {
      queue.push<string>({ command: 'make coffee' }, (err, result) => resolve({ err, result }));
    });

    expect(outcome.err).toBeInstanceOf(CommandError);
    expect(outcome.err?.message).toBe('unknown command "make coffee"');
    expect(device.received.filter((c) => c.command === 'make coffee')).toHaveLength(1);
    expect(device.connectAttempts).toBe(1);

    await expect(queue.pushAsync({ command: 'lights on' })).resolves.toBe('lights on ok');
  });
});
