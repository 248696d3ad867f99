// choosing: retries a failed job; keeps the push order
import { describe, expect, it } from 'vitest';
import { Device } from '../device.ts';
import { createWorker } from '../worker.ts';
import { createQueue } from '../queue.ts';

describe('a command that fails with ECONN', () => {
  it('reconnects and sends it again: carried out once, as the link broke before it arrived', async () => {
    const device = new Device({ latencyMs: 1 });
    const queue = createQueue(createWorker(device, { reconnectDelayMs: 10 }));
    await queue.pushAsync({ command: 'lights on' });
    expect(device.connectAttempts).toBe(1);

    device.dropConnection();
    const result = await queue.pushAsync<string>({ command: 'door lock' });

    expect(result).toBe('door lock ok');
    // Sent twice (the first send hit the broken link), carried out once, after one reconnect.
    expect(device.received.filter((c) => c.command === 'door lock')).toHaveLength(2);
    expect(device.done.filter((c) => c.command === 'door lock')).toHaveLength(1);
    expect(device.connectAttempts).toBe(2);
  });

  it('keeps the queue order: the retried item is sent again before the next one is sent at all', async () => {
    const device = new Device({ latencyMs: 1 });
    const queue = createQueue(createWorker(device, { reconnectDelayMs: 10 }));
    await queue.pushAsync({ command: 'lights on' });
    device.dropConnection();

    await Promise.all([
      queue.pushAsync({ command: 'blinds open' }),
      queue.pushAsync({ command: 'blinds close' }),
    ]);

    // What reached the device, in order: the failed send, its retry, and only then the next item. A queue
    // that let the next item start (concurrency 2) or sent the retry to the back would show it here.
    expect(device.received.map((c) => c.command)).toEqual([
      'lights on',
      'blinds open',
      'blinds open',
      'blinds close',
    ]);
    expect(device.done.map((c) => c.command)).toEqual(['lights on', 'blinds open', 'blinds close']);
  });
});
