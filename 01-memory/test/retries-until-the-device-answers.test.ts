// choosing: retries a failed job
// The worker has no retry limit: while the device is down it keeps trying, the job's producer hears
// nothing, and every job behind it waits. Exercise 1.1 adds a limit.
import { describe, expect, it } from 'vitest';
import { Device } from '../device.ts';
import { createWorker } from '../worker.ts';
import { createQueue } from '../queue.ts';
import { waitFor } from '../../common/time.ts';

describe('an outage that does not end', () => {
  it('keeps the worker trying (200 attempts and counting), with no answer to the producer', async () => {
    const device = new Device({ latencyMs: 0 });
    const queue = createQueue(createWorker(device, { reconnectDelayMs: 0 }));
    device.goOffline();

    const answers: string[] = [];
    const first = queue.pushAsync<string>({ command: 'lights on' }).then((r) => answers.push(r));
    const second = queue.pushAsync<string>({ command: 'lights off' }).then((r) => answers.push(r));
    await waitFor('200 failed connect attempts', () => device.connectAttempts >= 200);

    // Still trying: no answer, no error, and the second job still waits behind the first.
    expect(answers).toEqual([]);
    expect(queue.running()).toBe(1);
    expect(queue.length()).toBe(1);
    expect(device.done).toEqual([]);

    device.goOnline();
    await Promise.all([first, second]);
    expect(answers).toEqual(['lights on ok', 'lights off ok']);
  });
});
