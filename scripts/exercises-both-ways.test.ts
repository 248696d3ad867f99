// The workshop exercises, checked both ways:
//  - each reference solution passes every test of its exercise, and leaks no error: a rejection nobody
//    handled, or a non-zero exit of the run, fails the solution even when each test passed;
//  - each untouched problem file fails EVERY test of its exercise (each test checks a TODO), except the
//    few listed in MAY_PASS_ON_PROBLEM, each with the reason. "At least one test fails" would let a test
//    that cannot catch its TODO hide behind one that does.
// One child vitest run of both targets (the two projects of scripts/exercises.vitest.config.ts: the problem
// files, then the solutions, two files at a time as the machine has two cores), whose results reporter keeps
// each outcome and each error no test handled by project; EXERCISE_RUN_EVERY_TEST=1 runs the slow
// end-to-end tests that an attendee sees only once the quick ones pass (common/testing/exercise.ts), so
// they are proven to fail on the problem file too. Then one test per exercise and direction says which one
// is broken. Also checks that docs/exercises.md carries each statement and hint.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listExercises, readHints, repoRoot, docPath } from './exercise-catalog.ts';
import type { ExerciseRunResults, ExerciseTestResult, UnhandledError } from './exercise-results-reporter.ts';
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

// The ceiling for the child run, generous for a loaded two-core machine: the run normally ends long
// before, and the test waits for that end, not for the ceiling. Past it the child and its workers are killed.
const CEILING_MS = 420_000;

type Target = 'problem' | 'solution';

interface Run {
  code: number | null;
  reason: ExerciseRunResults['reason'];
  /** By `${project} ${file}`. */
  results: Map<string, ExerciseTestResult>;
  unhandled: UnhandledError[];
  output: string;
}

const exercises = listExercises();
let run: Run | undefined;
const running = new Set<ChildProcess>();

const resultOf = (target: Target, file: string) => run!.results.get(`${target} ${file}`);
/** The errors no test handled in a target's files; one the reporter could not tag counts as a solution's. */
const unhandledIn = (target: Target) =>
  run!.unhandled.filter((u) => (target === 'problem' ? u.project === 'problem' : u.project !== 'problem'));

/** The child and every process under it (vitest's workers, the servers and scripts they start). */
function killTree(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function runBoth(dir: string): Promise<Run> {
  const resultsFile = path.join(dir, 'results.json');
  const vitest = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
  const child = spawn(
    process.execPath,
    [
      vitest,
      'run',
      '--config',
      'scripts/exercises.vitest.config.ts',
      '--project',
      'problem',
      '--project',
      'solution',
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        EXERCISE_RESULTS_FILE: resultsFile,
        EXERCISE_RUN_EVERY_TEST: '1',
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
      `the exercises' run did not end within ${CEILING_MS / 1000} s and was ` +
        `killed:\n${output.slice(-3000)}`,
    );
  if (!existsSync(resultsFile))
    throw new Error(`the exercises' run (exit ${code}) wrote no results:\n${output.slice(-3000)}`);
  const parsed = JSON.parse(readFileSync(resultsFile, 'utf8')) as ExerciseRunResults;
  return {
    code,
    reason: parsed.reason,
    results: new Map(parsed.results.map((r) => [`${r.project} ${r.file}`, r])),
    unhandled: parsed.unhandledErrors,
    output,
  };
}

beforeAll(async () => {
  const { dir, remove } = await makeTempDir('exercises-both-ways-');
  try {
    run = await runBoth(dir);
  } finally {
    await remove();
  }
}, CEILING_MS + 30_000);

// Also when the hook above failed or was cut short: the child run does not outlive this file.
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

  it('the run ends cleanly: not interrupted, no stray error, exit 1 only for what failed', () => {
    // Errors that came from an exercise's file are reported by that exercise's test below.
    const files = new Set(exercises.map((e) => e.test));
    const stray = unhandledIn('solution').filter((u) => !u.file || !files.has(u.file));
    expect(stray, `errors no test handled, in the solutions' run:\n${describeErrors(stray)}`).toEqual([]);
    expect(run!.reason, `the exercises' run was ${run!.reason}:\n${run!.output.slice(-3000)}`).not.toBe(
      'interrupted',
    );
    // The problem files' tests fail, so the run exits 1; a signal, a crash or any other code is a broken
    // run, and so is an exit 1 with nothing failed.
    const failed =
      [...run!.results.values()].some((r) => r.moduleState !== 'passed') || run!.unhandled.length;
    expect(run!.code, `the exercises' run exited with ${run!.code}:\n${run!.output.slice(-3000)}`).toBe(
      failed ? 1 : 0,
    );
  });

  describe.each(exercises.map((e) => [e.id, e] as const))('%s', (id, e) => {
    it('its solution passes every test and leaks no error', () => {
      const r = resultOf('solution', e.test);
      expect(r, `no result for ${e.test} against the solution\n${run!.output.slice(-3000)}`).toBeDefined();
      const ok =
        r!.moduleState === 'passed' && r!.tests.length > 0 && r!.tests.every((t) => t.state === 'passed');
      expect(ok, `exercise ${id} is broken: ${e.solution} fails its tests (${e.test}):\n${summary(r!)}`).toBe(
        true,
      );
      const leaked = unhandledIn('solution').filter((u) => u.file === e.test);
      expect(
        leaked,
        `exercise ${id}: ${e.solution} passes its tests but leaks errors no test ` +
          `handled:\n${describeErrors(leaked)}`,
      ).toEqual([]);
    });

    it('its untouched problem file fails every test of a TODO', () => {
      const r = resultOf('problem', e.test);
      expect(
        r,
        `no result for ${e.test} against the problem file\n${run!.output.slice(-3000)}`,
      ).toBeDefined();
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
        `${e.test} ran no test against the problem file:\n${run!.output.slice(-3000)}`,
      ).toBeGreaterThan(0);
    });
  });
});
