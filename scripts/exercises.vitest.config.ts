// Vitest config for the workshop exercises (not for the chapters' own tests: vitest.config.ts excludes
// `**/exercises/**`). Two projects run the same test files against two implementations:
//   - "problem":  the attendee's file, `N.M-name.problem.ts` (untouched, its tests must fail);
//   - "solution": the reference answer, `N.M-name.solution.ts` (its tests must pass).
// Each exercise test picks the file from EXERCISE_TARGET, which each project sets below.
// `npm run exercise -- 1.1` runs one file in one project; the both-ways meta-test runs both projects in
// one run, with EXERCISE_RESULTS_FILE set: the results reporter then writes every outcome there.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import ExerciseResultsReporter from './exercise-results-reporter.ts';

const shared = {
  include: ['0[1-9]-*/exercises/**/*.test.ts'],
  exclude: ['**/node_modules/**'],
  testTimeout: 20_000,
  hookTimeout: 20_000,
  pool: 'forks' as const,
  // Exercise tests mostly wait on servers, child processes and timers: two files at a time, as many as
  // the machine has cores.
  maxWorkers: 2,
};

const resultsFile = process.env.EXERCISE_RESULTS_FILE;
const results = resultsFile ? new ExerciseResultsReporter(resultsFile) : undefined;

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    // The reporter tags each error no test handled with its project as the error arrives.
    ...(results ? { reporters: ['default', results], onUnhandledError: (e) => results.tagProject(e) } : {}),
    projects: [
      // The problem files first, the solutions after them, when one run has both: a file then never runs
      // in both at once, so an error no test handled belongs to the one project running its file.
      {
        test: {
          ...shared,
          name: 'problem',
          env: { EXERCISE_TARGET: 'problem' },
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'solution',
          env: { EXERCISE_TARGET: 'solution' },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
