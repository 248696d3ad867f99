// `npm run exercise` shows which exercises pass, remembered from the last check of each, and
// `npm run exercise -- next` starts the first one not solved yet. A check of the attendee's file is
// remembered (the `next` test), a run of the solution is not; the list shows what the file remembers.
// The runner (scripts/exercise.ts) runs here as a real child process, with its own child vitest, and a
// temp progress file (EXERCISE_PROGRESS_FILE), so the attendee's own .exercise-progress.json is never
// touched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../common/process.ts';
import { makeTempDir } from '../common/testing/temp-dir.ts';
import { listExercises } from './exercise-catalog.ts';
import type { Progress } from './exercise-progress.ts';

const runner = new URL('./exercise.ts', import.meta.url);
// A check runs a child vitest over one exercise file: seconds, more on a loaded machine.
const CHECK_MS = 180_000;

let tmp: { dir: string; remove(): Promise<void> };
let count = 0;

beforeAll(async () => {
  tmp = await makeTempDir('exercise-progress-');
});
afterAll(() => tmp?.remove());

/** A fresh progress file, optionally with checks already remembered. */
function progressFile(progress?: Progress): string {
  const file = path.join(tmp.dir, `progress-${++count}.json`);
  if (progress) writeFileSync(file, JSON.stringify(progress));
  return file;
}

function exercise(file: string, ...args: string[]) {
  return runScript(runner, { args, env: { EXERCISE_PROGRESS_FILE: file }, timeoutMs: CHECK_MS });
}

const read = (file: string): Progress => JSON.parse(readFileSync(file, 'utf8')) as Progress;
const at = '2026-11-30T12:00:00.000Z';

describe('npm run exercise', () => {
  it('lists each exercise with the result of its last check, and which one is next', async () => {
    const file = progressFile({ '1.1': { passed: true, at }, '1.2': { passed: false, at } });
    const { code, lines, output } = await exercise(file);
    expect(code, output).toBe(0);
    expect(
      lines.find((l) => /^\s+✔ 1\.1 /.test(l)),
      output,
    ).toBeDefined();
    expect(
      lines.find((l) => /^\s+✘ 1\.2 /.test(l)),
      output,
    ).toBeDefined();
    expect(
      lines.find((l) => /^\s+· 2\.1 /.test(l)),
      output,
    ).toBeDefined();
    expect(output).toContain(`Solved: 1 of ${listExercises().length}`);
    expect(output).toContain('Next: npm run exercise -- next    (starts 1.2, the first one not solved yet)');
  });

  // The two tests below each run a child vitest over an exercise, mostly waiting on its timers: side by
  // side (each has its own progress file), so the file takes as long as the slower one, not both.
  it.concurrent('does not remember a run of the reference solution', { timeout: CHECK_MS }, async () => {
    const file = progressFile();
    const onSolution = await exercise(file, '1.1', '--solution', '--once');
    expect(onSolution.code, onSolution.output).toBe(0);
    expect(existsSync(file), 'a --solution run must not count as solving the exercise').toBe(false);
  });

  it.concurrent('`next` starts the first exercise not solved yet, and remembers that check', {
    timeout: CHECK_MS,
  }, async () => {
    const file = progressFile({ '1.1': { passed: true, at } });
    const { code, output } = await exercise(file, 'next', '--once');
    expect(output).toContain('Your file: 01-memory/exercises/1.2-graceful-shutdown.problem.ts');
    expect(code, output).not.toBe(0); // the untouched problem file fails
    expect(read(file)['1.2']?.passed, 'the check of 1.2 is remembered').toBe(false);
    expect(read(file)['1.1']?.passed, 'and 1.1 is still solved').toBe(true);
  });

  it('`next` when every exercise passes: says so and starts nothing', async () => {
    const all = Object.fromEntries(listExercises().map((e) => [e.id, { passed: true, at }]));
    const { code, output } = await exercise(progressFile(all), 'next');
    expect(code, output).toBe(0);
    expect(output).toContain('Every exercise passes on your files');
    expect(output).not.toContain('Your file:');
  });
});
