// The workshop exercises, checked both ways:
//  - each reference solution passes every test of its exercise, and leaks no error: a rejection nobody
//    handled, or a non-zero exit of the run, fails the solution even when each test passed;
//  - each untouched problem file fails EVERY test of its exercise (each test checks a TODO), except the
//    few listed in MAY_PASS_ON_PROBLEM, each with the reason. "At least one test fails" would let a test
//    that cannot catch its TODO hide behind one that does.
// Two child vitest runs, one per target (the two projects of scripts/exercises.vitest.config.ts), side by
// side, one worker each (EXERCISE_WORKERS), so together they use no more workers than the machine's two
// cores; EXERCISE_RUN_EVERY_TEST=1 runs the slow end-to-end tests that an attendee sees only once the quick
// ones pass (common/testing/exercise.ts), so they are proven to fail on the problem file too. Then one
// test per exercise and direction says which one is broken. Also checks that docs/exercises.md carries
// each statement and hint.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listExercises, readHints, repoRoot, docPath } from './exercise-catalog.ts';
import type { ExerciseTestResult, UnhandledError } from './exercise-results-reporter.ts';
import { makeTempDir } from '../common/testing/temp-dir.ts';

/**
 * Tests that may pass on an untouched problem file, by exercise id and test title, with the reason.
 * Everything not listed here must fail on the problem file.
 */
const MAY_PASS_ON_PROBLEM: Record<string, Record<string, string>> = {
  '1.1': {
    'does not retry an error a retry cannot fix':
      'the problem calls the task once, which is already right for such an error; the test guards the ' +
      'solution against retrying everything',
  },
  '4.1': {
    'with prefetch 1, a fast and a slow consumer share fairly: the fast one does most of the work':
      'the polling loop of the problem file already shares fairly; the test keeps the consumer that ' +
      'replaces it fair (the prefetch test above proves the TODO)',
    'stop() lets the jobs in hand finish and leaves the others in the queue':
      'the polling loop of the problem file already stops cleanly; the test keeps the consumer that ' +
      'replaces it so (the prefetch test above proves the TODO)',
  },
};

// The ceiling for each child run, generous for a loaded two-core machine: the run normally ends long
// before, and the test waits for that end, not for the ceiling. Past it the child and its workers are killed.
const CEILING_MS = 420_000;

interface Run {
  code: number | null;
  results: Map<string, ExerciseTestResult>;
  unhandled: UnhandledError[];
  output: string;
}

const exercises = listExercises();
const runs: Partial<Record<'problem' | 'solution', Run>> = {};
const running = new Set<ChildProcess>();

/** The child and every process under it (vitest's workers, the servers and scripts they start). */
function killTree(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function runTarget(target: 'problem' | 'solution', dir: string): Promise<Run> {
  const resultsFile = path.join(dir, `${target}.json`);
  const vitest = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
  const child = spawn(
    process.execPath,
    [
      vitest,
      'run',
      '--config',
      'scripts/exercises.vitest.config.ts',
      '--project',
      target,
      '--reporter',
      'default',
      '--reporter',
      './scripts/exercise-results-reporter.ts',
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        EXERCISE_RESULTS_FILE: resultsFile,
        EXERCISE_RUN_EVERY_TEST: '1',
        EXERCISE_WORKERS: '1',
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so killTree reaches everything it started
    },
  );
  running.add(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    killTree(child);
  }, CEILING_MS);
  // 'close', not 'exit': every line of its output has arrived.
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  clearTimeout(timer);
  running.delete(child);
  if (killed)
    throw new Error(
      `the exercises' ${target} run did not end within ${CEILING_MS / 1000} s and was ` +
        `killed:\n${output.slice(-3000)}`,
    );
  if (!existsSync(resultsFile))
    throw new Error(`the exercises' ${target} run (exit ${code}) wrote no results:\n${output.slice(-3000)}`);
  const parsed = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    results: ExerciseTestResult[];
    unhandledErrors: UnhandledError[];
  };
  return {
    code,
    results: new Map(parsed.results.map((r) => [r.file, r])),
    unhandled: parsed.unhandledErrors,
    output,
  };
}

beforeAll(async () => {
  const { dir, remove } = await makeTempDir('exercises-both-ways-');
  try {
    [runs.problem, runs.solution] = await Promise.all([
      runTarget('problem', dir),
      runTarget('solution', dir),
    ]);
  } finally {
    await remove();
  }
}, CEILING_MS + 30_000);

// Also when the hook above failed or was cut short: no child run outlives this file.
afterAll(() => {
  for (const child of running) killTree(child);
});

/** A failed expectation, or the problem file's own `throw new Error('TODO: …')`, and nothing else. */
export function failsOnItsTodo(t: ExerciseTestResult['tests'][number]): boolean {
  if (/^Test timed out\b/.test(t.error ?? '')) return false;
  return t.errorName === 'AssertionError' || /^TODO: /.test(t.error ?? '');
}

function summary(r: ExerciseTestResult): string {
  return r.tests
    .map(
      (t) =>
        `  ${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} ${t.name} ` +
        `(${t.state})${t.error ? `\n      ${t.error.split('\n')[0]}` : ''}`,
    )
    .join('\n');
}

function describeErrors(errors: UnhandledError[]): string {
  return errors
    .map((e) => `  ${e.file ?? '(no file)'}${e.test ? ` > ${e.test}` : ''}: ${e.message.split('\n')[0]}`)
    .join('\n');
}

describe('workshop exercises', () => {
  it('exist, each with a problem, a solution and tests', () => {
    expect(exercises.length).toBeGreaterThan(0);
    for (const e of exercises) {
      for (const file of [e.problem, e.solution, e.test]) {
        expect(existsSync(path.join(repoRoot, file)), `exercise ${e.id} is missing ${file}`).toBe(true);
      }
      expect(e.title, `${e.problem} must start with "// Exercise ${e.id} · Title"`).not.toBe('');
      expect(e.difficulty, `${e.problem}: second line must be "// Difficulty: ..."`).toMatch(/min/);
      expect(
        readFileSync(path.join(repoRoot, e.problem), 'utf8'),
        `${e.problem} has no TODO for the attendee`,
      ).toContain('TODO');
      expect(
        readFileSync(path.join(repoRoot, e.solution), 'utf8'),
        `${e.solution} still has a TODO`,
      ).not.toContain('TODO');
    }
  });

  it('are all in docs/exercises.md: statement copied exactly, and a hint', () => {
    const doc = readFileSync(path.join(repoRoot, docPath), 'utf8');
    const hints = readHints();
    for (const e of exercises) {
      expect(
        doc.includes(e.statement),
        `${docPath} must contain the statement of ${e.id} exactly as in ${e.problem}`,
      ).toBe(true);
      expect(
        hints.get(e.id),
        `${docPath} has no "<details><summary>Hint for ${e.id}</summary>" block`,
      ).toBeTruthy();
    }
  });

  it('the run of every reference solution ends cleanly: exit code 0, no unhandled error', () => {
    const run = runs.solution!;
    // Errors that came from an exercise's file are reported by that exercise's test below.
    const files = new Set(exercises.map((e) => e.test));
    const stray = run.unhandled.filter((u) => !u.file || !files.has(u.file));
    expect(stray, `errors no test handled, in the solutions' run:\n${describeErrors(stray)}`).toEqual([]);
    // A failing test exits 1 too, and is reported below; any other non-zero exit is a broken run.
    const testFailed = [...run.results.values()].some((r) => r.moduleState !== 'passed');
    if (!testFailed && run.unhandled.length === 0) {
      expect(
        run.code,
        `the solutions' run exited with ${run.code} though every test passed:\n${run.output.slice(-3000)}`,
      ).toBe(0);
    }
  });

  describe.each(exercises.map((e) => [e.id, e] as const))('%s', (id, e) => {
    it('its solution passes every test and leaks no error', () => {
      const run = runs.solution!;
      const r = run.results.get(e.test);
      expect(r, `no result for ${e.test} against the solution\n${run.output.slice(-3000)}`).toBeDefined();
      const ok =
        r!.moduleState === 'passed' && r!.tests.length > 0 && r!.tests.every((t) => t.state === 'passed');
      expect(ok, `exercise ${id} is broken: ${e.solution} fails its tests (${e.test}):\n${summary(r!)}`).toBe(
        true,
      );
      const leaked = run.unhandled.filter((u) => u.file === e.test);
      expect(
        leaked,
        `exercise ${id}: ${e.solution} passes its tests but leaks errors no test ` +
          `handled:\n${describeErrors(leaked)}`,
      ).toEqual([]);
    });

    it('its untouched problem file fails every test of a TODO', () => {
      const run = runs.problem!;
      const r = run.results.get(e.test);
      expect(r, `no result for ${e.test} against the problem file\n${run.output.slice(-3000)}`).toBeDefined();
      const mayPass = MAY_PASS_ON_PROBLEM[id] ?? {};
      const titles = r!.tests.map((t) => t.title);
      const unknown = Object.keys(mayPass).filter((title) => !titles.includes(title));
      expect(
        unknown,
        `MAY_PASS_ON_PROBLEM in this file names tests that ${e.test} does not have (renamed?)`,
      ).toEqual([]);
      const notFailed = r!.tests.filter((t) => t.state !== 'failed' && !(t.title in mayPass));
      // A test of a TODO fails on an assertion, or on the TODO's own "TODO: …" error; a timeout, a server
      // that is down or a crash of the test itself would fail it too, and prove nothing about the TODO.
      const wrongReason = r!.tests.filter((t) => t.state === 'failed' && !failsOnItsTodo(t));
      expect(
        notFailed.map((t) => `${t.title} (${t.state})`),
        `exercise ${id}: these tests do not fail on the untouched ${e.problem}, so they do not test its ` +
          `TODOs:\n${summary(r!)}`,
      ).toEqual([]);
      expect(
        wrongReason.map((t) => `${t.title}: ${t.errorName ?? 'Error'}: ${t.error?.split('\n')[0]}`),
        `exercise ${id}: these tests fail on the untouched ${e.problem}, but not on an assertion or on ` +
          'its TODO, so they may fail for another reason (a timeout, a server that is down)',
      ).toEqual([]);
      expect(
        r!.tests.length,
        `${e.test} ran no test against the problem file:\n${run.output.slice(-3000)}`,
      ).toBeGreaterThan(0);
    });
  });
});
