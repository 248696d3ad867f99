// Used by the both-ways check (scripts/exercises-both-ways.test.ts): writes every exercise test's
// outcome, per project ("problem" or "solution") and file, to the JSON file named by EXERCISE_RESULTS_FILE.
// Both projects run in one vitest run, so an error no test handled is tagged, as it arrives, with the
// project that runs its file (scripts/exercises.vitest.config.ts passes it here through onUnhandledError):
// vitest itself names only the file, and the problem files do leak errors. The config runs the problem
// files first and the solution files after them (sequence.groupOrder), so a file never runs in both
// projects at once and the tag is never a guess.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

export interface ExerciseTestResult {
  project: string;
  /** Repo-relative path of the test file. */
  file: string;
  /** "failed" when the file itself could not run (import error, failing hook). */
  moduleState: string;
  /** `name` is the full name ("describe > it"), `title` the test's own. */
  /** `errorName` is the failing error's class ("AssertionError" for a failed `expect`). */
  tests: Array<{ name: string; title: string; state: string; error?: string; errorName?: string }>;
}

/**
 * An error thrown outside any test (an unhandled rejection, say), with the test file it came from when known.
 */
export interface UnhandledError {
  message: string;
  /** The project running when it arrived (its file's, when vitest names the file). */
  project?: string;
  /** Repo-relative, when vitest knows it. */
  file?: string;
  test?: string;
}

/** How the run ended: its results, the errors no test handled, and vitest's reason ("interrupted", say). */
export interface ExerciseRunResults {
  reason: TestRunEndReason;
  results: ExerciseTestResult[];
  unhandledErrors: UnhandledError[];
}

interface VitestError {
  message?: string;
  VITEST_TEST_PATH?: string;
  VITEST_TEST_NAME?: string;
  EXERCISE_PROJECT?: string;
}

export default class ExerciseResultsReporter implements Reporter {
  /** The project that last started each test file (absolute path), and the last one to start any. */
  private readonly started = new Map<string, string>();
  private latest: string | undefined;

  constructor(private readonly out: string) {}

  onTestModuleQueued(mod: TestModule): void {
    this.started.set(mod.moduleId, mod.project.name);
    this.latest = mod.project.name;
  }

  /** Called by vitest as each error no test handled arrives (the config's onUnhandledError). */
  tagProject(error: unknown): void {
    if (typeof error !== 'object' || error === null) return;
    const e = error as VitestError;
    const project = (e.VITEST_TEST_PATH && this.started.get(e.VITEST_TEST_PATH)) || this.latest;
    if (project) e.EXERCISE_PROJECT = project;
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<VitestError>,
    reason: TestRunEndReason,
  ): void {
    const results: ExerciseTestResult[] = testModules.map((mod) => ({
      project: mod.project.name,
      file: path.relative(mod.project.config.root, mod.moduleId).split(path.sep).join('/'),
      moduleState: mod.state(),
      tests: [...mod.children.allTests()].map((t) => {
        const result = t.result();
        const first = result.state === 'failed' ? result.errors?.[0] : undefined;
        return {
          name: t.fullName,
          title: t.name,
          state: result.state,
          ...(first?.message ? { error: first.message } : {}),
          ...(first?.name ? { errorName: first.name } : {}),
        };
      }),
    }));
    const root = testModules[0]?.project.config.root ?? process.cwd();
    const errors: UnhandledError[] = unhandledErrors.map((e) => ({
      message: e.message ?? String(e),
      ...(e.EXERCISE_PROJECT ? { project: e.EXERCISE_PROJECT } : {}),
      ...(e.VITEST_TEST_PATH
        ? { file: path.relative(root, e.VITEST_TEST_PATH).split(path.sep).join('/') }
        : {}),
      ...(e.VITEST_TEST_NAME ? { test: e.VITEST_TEST_NAME } : {}),
    }));
    const run: ExerciseRunResults = { reason, results, unhandledErrors: errors };
    writeFileSync(this.out, JSON.stringify(run, null, 2));
  }
}
