// Exercise 1.1 · reference solution (the statement is in 1.1-retry-with-backoff.problem.ts).
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
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  // Full jitter: anywhere between 0 and the ceiling. Clients that failed together spread out instead
  // of all coming back at the same instant (the "thundering herd" a fixed pause creates).
  return Math.floor(random() * ceiling);
}

export async function retry<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (err) {
      // Give up on errors a retry cannot fix, and once the budget is spent: the caller hears about
      // it and can decide (report, park the item, alert) instead of waiting forever.
      if (!options.isRetryable(err) || attempt >= options.maxAttempts) throw err;
      await options.sleep(backoffDelay(attempt, options));
    }
  }
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
