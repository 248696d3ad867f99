// choosing: backs off between retries
import { describe, expect, it } from 'vitest';
import { Device } from '../device.ts';
import { createWorker } from '../worker.ts';
import { createQueue } from '../queue.ts';
import { sleep } from '../../common/time.ts';

describe('an endless outage', () => {
  it('waits between connect attempts instead of spinning, and recovers when the device is back', async () => {
    // A device that answers instantly: without a pause between attempts, the worker would try to
    // connect thousands of times in the 300 ms below.
    const device = new Device({ latencyMs: 0 });
    const queue = createQueue(createWorker(device, { reconnectDelayMs: 100 }));
    device.goOffline();

    const result = queue.pushAsync<string>({ command: 'lights on' });
    await sleep(300);
    // About 3 attempts (t = 0, 100, 200, 300 ms); a slow machine only makes fewer.
    expect(device.connectAttempts).toBeGreaterThanOrEqual(1);
    expect(device.connectAttempts).toBeLessThanOrEqual(5);
    expect(device.done).toHaveLength(0);

    device.goOnline();
    await expect(result).resolves.toBe('lights on ok');
    expect(device.done).toHaveLength(1);
  });
});
