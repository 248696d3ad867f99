// Exercise 1.1 · Bounded retries with exponential backoff and jitter
// Difficulty: ★☆☆ easy · about 20 min
//
// The chapter's worker retries a broken connection forever, with the same pause every time. During a
// long outage it never gives up, so the item's caller never hears about it; and when a device comes
// back, every client that waited the same fixed pause reconnects at the same moment.
//
// Write the two functions below. `createBoundedWorker` (already written, at the bottom) uses them, so
// a queued command now fails after a few attempts instead of waiting forever.
//
// 1. backoffDelay(attempt, { baseMs, capMs, random }): the pause before retry number `attempt`
//    (1, 2, 3, ...). The ceiling doubles each time, starting at baseMs, never above capMs:
//    ceiling = min(capMs, baseMs * 2^(attempt - 1)). "Full jitter": return a random whole number of
//    ms in [0, ceiling): Math.floor(random() * ceiling). With random() = 0.5, baseMs 100, capMs 1000,
//    attempts 1..6 give 50, 100, 200, 400, 500, 500.
// 2. retry(task, options): call task(); if it throws an error that isRetryable(err) says yes to, wait
//    backoffDelay(attempt) using options.sleep, and call it again. Give up after maxAttempts calls in
//    total and throw the LAST error. A non-retryable error is thrown at once, with no pause.
//
// Run: npm run exercise -- 1.1
import type { Command, Device } from '../device.ts';
import type { Random } from '../../common/random.ts';
import { sleep as realSleep } from '../../common/time.ts';
import { errorCode } from '../../common/errors.ts';

export interface BackoffOptions {
  /** The ceiling of the first pause, in ms. */
  baseMs: number;
  /** No pause is ever longer than this, in ms. */
  capMs: number;
  /** Random source in [0, 1): Math.random in production, seededRandom(n) in tests. */
  random: Random;
}

export interface RetryOptions extends BackoffOptions {
  /** Calls in total, the first one included. */
  maxAttempts: number;
  /** Which errors are worth another try. */
  isRetryable: (err: unknown) => boolean;
  /** How to wait; tests pass one that records the pauses. */
  sleep: (ms: number) => Promise<unknown>;
}

export function backoffDelay(attempt: number, { baseMs, capMs, random }: BackoffOptions): number {
  // TODO: the exponential ceiling, capped, then full jitter.
  throw new Error('TODO: backoffDelay (exercise 1.1)');
}

export async function retry<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  // TODO: call task(); on a retryable error wait backoffDelay(attempt, options) and try again,
  // at most options.maxAttempts calls in total; then throw the last error.
  return task();
}

// ---- Already written: the chapter's worker, with bounded retries instead of endless ones. ----

const isConnectionError = (err: unknown) => errorCode(err) === 'ECONN';

export function createBoundedWorker(device: Device, options: Partial<RetryOptions> = {}) {
  const settings: RetryOptions = {
    maxAttempts: 5,
    baseMs: 100,
    capMs: 2_000,
    random: Math.random,
    sleep: realSleep,
    isRetryable: isConnectionError,
    ...options,
  };
  let connected = false;
  return async function work(item: Command): Promise<string> {
    return retry(async () => {
      if (!connected) {
        await device.connect();
        connected = true;
      }
      try {
        return await device.command(item.command, item.options);
      } catch (err) {
        if (isConnectionError(err)) connected = false;
        throw err;
      }
    }, settings);
  };
}
