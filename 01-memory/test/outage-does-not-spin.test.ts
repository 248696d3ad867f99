// choosing: backs off between retries
// During an outage the worker pauses between connect attempts (the article's version tried again at once,
// hundreds of times in 0.3 s), and the job goes through once the device is back.
import { describe, expect, it } from 'vitest';
import { Device } from '../device.ts';
import { createWorker } from '../worker.ts';
import { createQueue } from '../queue.ts';
import { waitFor } from '../../common/time.ts';

describe('an outage', () => {
  it('waits between connect attempts instead of spinning, and recovers when the device is back', async () => {
    // A device that answers instantly: without a pause, three attempts would take well under a millisecond.
    const device = new Device({ latencyMs: 0 });
    const queue = createQueue(createWorker(device, { reconnectDelayMs: 100 }));
    device.goOffline();

    const started = performance.now();
    const result = queue.pushAsync<string>({ command: 'lights on' });
    await waitFor('three failed connect attempts', () => device.connectAttempts >= 3);

    // Two pauses of 100 ms at least lie between the first attempt and the third (a slower machine only
    // makes this longer; the margin covers a timer that fires a little early).
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(device.done).toHaveLength(0);

    device.goOnline();
    await expect(result).resolves.toBe('lights on ok');
    expect(device.done).toHaveLength(1);
  });
});
