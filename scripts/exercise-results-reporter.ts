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
  tests: Array<{ name: string; state: string; error?: string }>;
}

export default class ExerciseResultsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    const out = process.env.EXERCISE_RESULTS_FILE;
    if (!out) return;
    const results: ExerciseTestResult[] = testModules.map((mod) => ({
      project: mod.project.name,
      file: path.relative(mod.project.config.root, mod.moduleId).split(path.sep).join('/'),
      moduleState: mod.state(),
      tests: [...mod.children.allTests()].map((t) => {
        const result = t.result();
        const error = result.state === 'failed' ? result.errors?.[0]?.message : undefined;
        return { name: t.fullName, state: result.state, ...(error ? { error } : {}) };
      }),
    }));
    writeFileSync(out, JSON.stringify({ results, unhandledErrors: unhandledErrors.map((e) => e.message ?? String(e)) }, null, 2));
  }
}
