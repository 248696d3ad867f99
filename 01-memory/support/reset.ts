// `npm run chapter:1 -- reset`: chapter 1 keeps its queue in memory, so all a run leaves behind is the
// simulated device's journals (one per demo). Removes those two files, and their folder once it is empty;
// leaves any other file alone.
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The files the chapter writes in its data folder: `home`'s journal and the crash demo's. */
export const JOURNALS = ['device.jsonl', 'crash-demo.jsonl'];

/** Removes them; returns what it removed, for the reader. */
export function reset(dir: string): string[] {
  const removed: string[] = [];
  for (const name of JOURNALS) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    rmSync(file);
    removed.push(file);
  }
  if (existsSync(dir) && readdirSync(dir).length === 0) {
    rmdirSync(dir);
    removed.push(`${dir}/`);
  }
  return removed;
}
