// Role-prefixed logging, so a reader can tell the producer's lines from each worker's in one terminal:
//   [producer] pushed job 3
//   [worker 2] job 3 done
import { format } from 'node:util';

export interface Logger {
  (message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
  readonly role: string;
}

export function createLogger(role: string): Logger {
  const prefix = `[${role}]`;
  const log = ((message: string, ...args: unknown[]) => {
    process.stdout.write(`${prefix} ${format(message, ...args)}\n`);
  }) as Logger;
  log.error = (message: string, ...args: unknown[]) => {
    process.stderr.write(`${prefix} ${format(message, ...args)}\n`);
  };
  Object.defineProperty(log, 'role', { value: role });
  return log;
}
