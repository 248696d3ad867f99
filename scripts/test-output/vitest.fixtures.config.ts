// Runs the two fixtures of test-output-is-quiet.test.ts with the output settings of the real test run.
import { defineConfig } from 'vitest/config';
import { outputSettings } from '../../vitest.config.ts';

export default defineConfig({
  test: {
    ...outputSettings,
    root: new URL('../..', import.meta.url).pathname,
    include: ['scripts/test-output/fixtures/*.fixture.ts'],
    pool: 'forks',
    // A loaded machine starts a tsx child slowly; the real run allows the same.
    testTimeout: 30_000,
  },
});
