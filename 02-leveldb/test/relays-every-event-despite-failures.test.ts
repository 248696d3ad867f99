// choosing: retries a failed job; keeps the push order
// The chapter's story in one process: ten events, a remote service that fails half the time (seeded,
// so the same calls fail on every run), and every event relayed in the end, with each failure visible
// as a `retry` event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createFlakyService } from '../../common/flaky-service.ts';
import { silentLogger } from '../../common/log.ts';
import { seededRandom } from '../../common/random.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { pushDoorEvents } from '../producer.ts';
import { openEventRelay, type DoorEvent, type EventRelay } from '../worker.ts';
import { queueState } from '../support/inspect.ts';

describe('the event relay, with a remote service that fails 50% of the time', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let relay: EventRelay;
  const remote = createFlakyService<DoorEvent>({ failureRate: 0.5, delayMs: 5, random: seededRandom(42) });
  const retries: Array<{ eventId: number; attempt: number }> = [];

  beforeAll(async () => {
    tmp = await makeTempDir();
    relay = await openEventRelay({
      location: path.join(tmp.dir, 'events'),
      remote,
      log: silentLogger(),
      maxAttempts: 20, // enough that, with this seed, nothing ends in the dead letters
      backoff: { initialDelay: 5, maxDelay: 20 },
    });
    relay.queue.on('retry', ({ payload, attempt }) => retries.push({ eventId: payload.id, attempt }));
    await pushDoorEvents(relay.queue, silentLogger(), 10);
    await relay.queue.whenEmpty();
  });

  afterAll(async () => {
    await relay.close();
    await tmp.remove();
  });

  it('relays all ten events, each exactly once', () => {
    const relayed = remote.calls.filter((call) => call.ok).map((call) => call.payload.id);
    expect(relayed.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('retried every failed call, and said so with a retry event', () => {
    const failed = remote.calls.filter((call) => !call.ok).map((call) => call.payload.id);
    expect(failed.length).toBeGreaterThan(0); // the seed does make some calls fail
    expect(retries.map((r) => r.eventId)).toEqual(failed);
  });

  it(
    'relays in push order, one at a time (maxConcurrency 1): a failing event is retried before the next ' +
      'starts',
    () => {
      const order = remote.calls.map((call) => call.payload.id);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    },
  );

  it('leaves nothing behind: no job waiting or running, no dead letter', async () => {
    const state = await queueState(relay.db);
    expect(state).toEqual({ queued: [], running: [], deadLetters: [] });
  });
});
