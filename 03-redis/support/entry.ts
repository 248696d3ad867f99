// What the chapter's long-running modes share (main.ts): stopping on Ctrl-C or SIGTERM, and a SQLite
// file's folder made ready.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Calls `stop` once, on the first Ctrl-C (SIGINT) or SIGTERM. */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (!stopping) stop(signal);
      stopping = true;
    });
  }
}

/** Makes the database file's folder; without `keep`, first deletes the file (and its WAL files). */
export function freshDatabase(file: string, { keep = false } = {}): void {
  if (!keep) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
}
