// A remote service that fails some of the time, like the article's `sendEventToRemoteService`:
// it answers after `delayMs` and fails with probability `failureRate`.
import { sleep } from './time.ts';
import type { Random } from './random.ts';

export interface FlakyServiceOptions {
  /** Probability in [0, 1] that a call fails. Default 0.5, as in the article. */
  failureRate?: number;
  /** How long each call takes, in ms. Default 100, as in the article. */
  delayMs?: number;
  /** Random source; pass `seededRandom(n)` for a repeatable run. Default Math.random. */
  random?: Random;
}

export class RemoteServiceError extends Error {
  override name = 'RemoteServiceError';
}

export interface FlakyService<T> {
  (payload: T): Promise<void>;
  /** Every call so far, in order, with its outcome: what tests and demos inspect. */
  readonly calls: ReadonlyArray<{ payload: T; ok: boolean }>;
}

export function createFlakyService<T>(options: FlakyServiceOptions = {}): FlakyService<T> {
  const { failureRate = 0.5, delayMs = 100, random = Math.random } = options;
  if (!(failureRate >= 0 && failureRate <= 1))
    throw new RangeError(`failureRate must be in [0, 1], got ${failureRate}`);
  const calls: Array<{ payload: T; ok: boolean }> = [];
  const service = async (payload: T): Promise<void> => {
    await sleep(delayMs);
    const ok = random() >= failureRate;
    calls.push({ payload, ok });
    if (!ok) throw new RemoteServiceError('something awful has happened');
  };
  return Object.assign(service, { calls });
}
