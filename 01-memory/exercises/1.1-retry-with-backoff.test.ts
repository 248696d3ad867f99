// Tests for exercise 1.1. They run against your problem file, or the solution with --solution.
import { describe, expect, it } from 'vitest';
import { Device, ConnectionError, CommandError } from '../device.ts';
import { createQueue } from '../queue.ts';
import { seededRandom } from '../../common/random.ts';
import * as problem from './1.1-retry-with-backoff.problem.ts';
import * as solution from './1.1-retry-with-backoff.solution.ts';

const { backoffDelay, retry, createBoundedWorker } =
  process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

const isConnectionError = (err: unknown) => err instanceof ConnectionError;

/** A sleep that records each pause and waits only 1 ms, so tests stay fast. */
function recordingSleep(onPause?: (count: number) => void) {
  const pauses: number[] = [];
  const sleep = async (ms: number) => {
    pauses.push(ms);
    onPause?.(pauses.length);
    await new Promise((r) => setTimeout(r, 1));
  };
  return { pauses, sleep };
}

describe('backoffDelay', () => {
  it('doubles the ceiling each attempt, starting at baseMs and capped at capMs', () => {
    const options = { baseMs: 100, capMs: 1000, random: () => 0.5 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, options))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
  });

  it('spreads pauses over [0, ceiling): full jitter, whole milliseconds', () => {
    expect(backoffDelay(3, { baseMs: 100, capMs: 1000, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { baseMs: 100, capMs: 1000, random: () => 0.999999 })).toBe(399);
    const random = seededRandom(1);
    const delays = Array.from({ length: 20 }, () => backoffDelay(4, { baseMs: 100, capMs: 1000, random }));
    for (const d of delays) {
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
    // Jitter: twenty clients at the same attempt do not all wait the same time.
    expect(new Set(delays).size).toBeGreaterThan(10);
  });
});

describe('retry', () => {
  it('gives up after maxAttempts calls during an endless outage, with the last error', async () => {
    const device = new Device({ latencyMs: 0 });
    device.goOffline();
    const { pauses, sleep } = recordingSleep();

    const attempt = retry(() => device.connect(), {
      maxAttempts: 4,
      baseMs: 100,
      capMs: 1000,
      random: seededRandom(7),
      sleep,
      isRetryable: isConnectionError,
    });

    await expect(attempt).rejects.toBeInstanceOf(ConnectionError);
    expect(device.connectAttempts).toBe(4);
    // Three pauses between four calls, each drawn from the same seeded sequence the test replays here.
    const replay = seededRandom(7);
    expect(pauses).toEqual([100, 200, 400].map((ceiling) => Math.floor(replay() * ceiling)));
  });

  it('returns the result as soon as a retry succeeds', async () => {
    const device = new Device({ latencyMs: 0 });
    device.goOffline();
    // The device comes back during the second pause.
    const { pauses, sleep } = recordingSleep((count) => count === 2 && device.goOnline());

    // An assertion, not a bare await: a retry() that gives up too early fails here with the device's
    // error as the reason, not with that error escaping the test.
    await expect(
      retry(() => device.connect(), {
        maxAttempts: 10,
        baseMs: 10,
        capMs: 100,
        random: seededRandom(3),
        sleep,
        isRetryable: isConnectionError,
      }),
    ).resolves.toBeUndefined();

    expect(device.connectAttempts).toBe(3);
    expect(pauses).toHaveLength(2);
  });

  it('does not retry an error a retry cannot fix', async () => {
    const device = new Device({ latencyMs: 0 });
    await device.connect();
    const { pauses, sleep } = recordingSleep();

    const attempt = retry(() => device.command('make coffee'), {
      maxAttempts: 5,
      baseMs: 10,
      capMs: 100,
      random: seededRandom(3),
      sleep,
      isRetryable: isConnectionError,
    });

    await expect(attempt).rejects.toBeInstanceOf(CommandError);
    expect(device.received).toHaveLength(1);
    expect(pauses).toEqual([]);
  });
});

describe("the bounded worker behind the chapter's queue", () => {
  it('fails an item after a few attempts instead of waiting forever, and the queue goes on', async () => {
    const device = new Device({ latencyMs: 0 });
    const { sleep } = recordingSleep();
    const queue = createQueue(
      createBoundedWorker(device, { maxAttempts: 3, baseMs: 10, capMs: 50, random: seededRandom(5), sleep }),
    );
    device.goOffline();

    await expect(queue.pushAsync({ command: 'lights on' })).rejects.toBeInstanceOf(ConnectionError);
    expect(device.connectAttempts).toBe(3);
    expect(device.done).toEqual([]);

    device.goOnline();
    await expect(queue.pushAsync({ command: 'lights off' })).resolves.toBe('lights off ok');
  });
});
