// Role-prefixed logging, so a reader can tell the producer's lines from each worker's in one terminal:
//   [producer] pushed job 3
//   [worker 2] job 3 done
// Tests and the benchmark use the same Logger shape, with the lines kept or dropped instead of printed.
import { format } from 'node:util';

export interface Logger {
  (message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/** A Logger whose info and error lines (already formatted) go to `info` and `error`. */
function loggerTo(info: (line: string) => void, error: (line: string) => void): Logger {
  const log = ((message: string, ...args: unknown[]) => info(format(message, ...args))) as Logger;
  log.error = (message: string, ...args: unknown[]) => error(format(message, ...args));
  return log;
}

/** Prints to this terminal, every line prefixed with `[role]`: what entry points give the code they run. */
export function createLogger(role: string): Logger {
  const prefix = `[${role}]`;
  return loggerTo(
    (line) => process.stdout.write(`${prefix} ${line}\n`),
    (line) => process.stderr.write(`${prefix} ${line}\n`),
  );
}

/**
 * Prints nothing: for code whose own assertions say what happened, or a benchmark that must not measure
 * logging.
 */
export function silentLogger(): Logger {
  const drop = () => {};
  return loggerTo(drop, drop);
}

/**
 * Keeps every line, in order, so a test can read what the code said; error lines start with `errorPrefix`.
 */
export function recordingLogger({ errorPrefix = '' } = {}): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const log = loggerTo(
    (line) => lines.push(line),
    (line) => lines.push(errorPrefix + line),
  );
  return Object.assign(log, { lines });
}
