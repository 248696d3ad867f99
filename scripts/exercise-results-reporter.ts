// Used by the both-ways check (scripts/exercises-both-ways.test.ts): writes every exercise test's
// outcome, per project ("problem" or "solution"), to the JSON file named by EXERCISE_RESULTS_FILE.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

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
  /** Repo-relative, when vitest knows it. */
  file?: string;
  test?: string;
}

export default class ExerciseResultsReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<{
      message?: string;
      VITEST_TEST_PATH?: string;
      VITEST_TEST_NAME?: string;
    }>,
  ): void {
    const out = process.env.EXERCISE_RESULTS_FILE;
    if (!out) return;
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
      ...(e.VITEST_TEST_PATH
        ? { file: path.relative(root, e.VITEST_TEST_PATH).split(path.sep).join('/') }
        : {}),
      ...(e.VITEST_TEST_NAME ? { test: e.VITEST_TEST_NAME } : {}),
    }));
    writeFileSync(out, JSON.stringify({ results, unhandledErrors: errors }, null, 2));
  }
}
