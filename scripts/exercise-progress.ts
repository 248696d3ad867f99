// What `npm run exercise` remembers between runs: the outcome of the last check of each exercise on the
// attendee's own file (never a --solution run), in a git-ignored JSON file at the repo root. The
// reporter (scripts/exercise-reporter.ts) writes it after every run; the list and `next` read it.
// EXERCISE_PROGRESS_FILE points elsewhere (the tests use a temp file).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from './exercise-catalog.ts';
import { repoRoot } from './exercise-catalog.ts';

export interface Check {
  passed: boolean;
  /** ISO time of the check. */
  at: string;
}

/** By exercise id. */
export type Progress = Record<string, Check>;

export function progressFile(): string {
  return process.env.EXERCISE_PROGRESS_FILE ?? path.join(repoRoot, '.exercise-progress.json');
}

/** The remembered checks; none when the file is missing or is not valid JSON (it is only a convenience). */
export function readProgress(file = progressFile()): Progress {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Progress) : {};
  } catch {
    return {};
  }
}

export function recordCheck(id: string, passed: boolean, file = progressFile()): void {
  const progress = { ...readProgress(file), [id]: { passed, at: new Date().toISOString() } };
  // Written aside, then renamed: a run stopped mid-write cannot leave half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(progress, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The first exercise, in reading order, whose last check did not pass (or that was never checked). */
export function firstUnsolved(exercises: Exercise[], progress: Progress): Exercise | undefined {
  return exercises.find((e) => !progress[e.id]?.passed);
}
