// Small helpers shared by this chapter's tests.

/** A Logger that keeps its lines instead of printing them, so tests can read what a worker said. */
export { recordingLogger } from '../../common/log.ts';

/** The event ids in lines like `[worker] event 3 successfully relayed (attempt 1 of 4)`. */
export function relayedEventIds(lines: string[]): number[] {
  return lines.flatMap((line) => {
    const match = /event (\d+) successfully relayed/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}
