// choosing: never runs a job twice (simulated)
// A broken link does not say whether the command ran. When the device carried it out and only the reply
// was lost, the worker sends it again and the device runs it twice: at-least-once, not exactly once.
// That is safe here because every command sets a state, and the retry comes before the next command.
import { describe, expect, it } from 'vitest';
import { Device } from '../device.ts';
import { createWorker } from '../worker.ts';
import { createQueue } from '../queue.ts';

describe('a command whose reply is lost', () => {
  it('runs twice, and leaves the house as running it once would', async () => {
    const device = new Device({ latencyMs: 1 });
    const queue = createQueue(createWorker(device, { reconnectDelayMs: 10 }));
    await queue.pushAsync({ command: 'lights on', options: { room: 'hall' } });

    device.loseNextReply();
    const result = await queue.pushAsync<string>({ command: 'door lock' });

    // The producer sees success, once; the device carried the command out twice.
    expect(result).toBe('door lock ok');
    expect(device.done.map((c) => c.command)).toEqual(['lights on', 'door lock', 'door lock']);
    // Once or twice, the same house: the commands set a state, so running one again changes nothing.
    const once = new Device({ latencyMs: 0 });
    await once.connect();
    await once.command('lights on', { room: 'hall' });
    await once.command('door lock');
    expect(Object.fromEntries(device.state)).toEqual(Object.fromEntries(once.state));
    expect(Object.fromEntries(device.state)).toEqual({ 'lights (hall)': 'on', door: 'locked' });
  });

  it('runs again before the next command, so the repeat cannot undo a later one', async () => {
    const device = new Device({ latencyMs: 1 });
    const queue = createQueue(createWorker(device, { reconnectDelayMs: 10 }));
    await queue.pushAsync({ command: 'blinds open' });

    device.loseNextReply();
    await Promise.all([
      queue.pushAsync({ command: 'lights on', options: { room: 'kitchen' } }),
      queue.pushAsync({ command: 'lights off', options: { room: 'kitchen' } }),
    ]);

    // A repeat of "lights on" sent after "lights off" would leave the lights on.
    expect(device.done.map((c) => c.command)).toEqual([
      'blinds open',
      'lights on',
      'lights on',
      'lights off',
    ]);
    expect(device.state.get('lights (kitchen)')).toBe('off');
  });
});
