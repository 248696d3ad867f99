// Vitest config for the workshop exercises (not for the chapters' own tests: vitest.config.ts excludes
// `**/exercises/**`). Two projects run the same test files against two implementations:
//   - "problem":  the attendee's file, `N.M-name.problem.ts` (untouched, its tests must fail);
//   - "solution": the reference answer, `N.M-name.solution.ts` (its tests must pass).
// Each exercise test picks the file from EXERCISE_TARGET, which each project sets below.
// `npm run exercise -- 1.1` runs one file in one project; the both-ways meta-test runs everything.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const shared = {
  include: ['0[1-9]-*/exercises/**/*.test.ts'],
  exclude: ['**/node_modules/**'],
  testTimeout: 20_000,
  hookTimeout: 20_000,
  pool: 'forks' as const,
  // Exercise tests mostly wait on servers, child processes and timers: two files at a time, as many as
  // the machine has cores (the both-ways check runs two of these runs side by side, with one each).
  maxWorkers: Number(process.env.EXERCISE_WORKERS ?? 2),
};

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    projects: [
      { test: { ...shared, name: 'problem', env: { EXERCISE_TARGET: 'problem' } } },
      { test: { ...shared, name: 'solution', env: { EXERCISE_TARGET: 'solution' } } },
    ],
  },
});
