// choosing: keeps the push order
import { describe, expect, it } from 'vitest';
import { Device, type Command } from '../device.ts';
import { createWorker } from '../worker.ts';
import { createQueue } from '../queue.ts';

describe('async.queue(work, 1)', () => {
  it('hands items to the device one at a time, in the order they were pushed', async () => {
    const device = new Device({ latencyMs: 5 });
    const queue = createQueue(createWorker(device));
    const commands: Command[] = [
      'lights on',
      'thermostat set',
      'blinds close',
      'door lock',
      'lights off',
    ].map((command, i) => ({
      command,
      options: { seq: i },
    }));

    const results = await Promise.all(commands.map((item) => queue.pushAsync<string>(item)));

    expect(device.done).toEqual(commands);
    expect(device.maxInFlight).toBe(1);
    expect(results).toEqual(commands.map((c) => `${c.command} ok`));
    expect(queue.idle()).toBe(true);
  });
});
