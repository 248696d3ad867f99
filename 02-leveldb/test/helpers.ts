// Small helpers shared by this chapter's tests.
import type { Logger } from '../../common/log.ts';
import { format } from 'node:util';

/** A Logger that keeps its lines instead of printing them, so tests can read what a worker said. */
export function recordingLogger(role = 'worker'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = ((message: string, ...args: unknown[]) => void lines.push(format(message, ...args))) as Logger & { lines: string[] };
  log.error = (message: string, ...args: unknown[]) => void lines.push(format(message, ...args));
  Object.defineProperty(log, 'role', { value: role });
  Object.defineProperty(log, 'lines', { value: lines });
  return log;
}

/** The event ids in lines like `[worker] event 3 successfully relayed (attempt 1 of 4)`. */
export function relayedEventIds(lines: string[]): number[] {
  return lines.flatMap((line) => {
    const match = /event (\d+) successfully relayed/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}
