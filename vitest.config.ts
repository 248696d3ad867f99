import { defineConfig } from 'vitest/config';
import SlowFilesFirst from './scripts/slow-files-first.ts';

/**
 * What a run prints. A passing test prints nothing of what it logged, what code under test wrote to
 * stdout/stderr, or what its child processes printed (setupFiles routes the last two into vitest's
 * per-test capture); a failing test's captured lines are printed in full, next to its error. The
 * summary reporter ends the run with a plain `N passed, N failed` line.
 * (scripts/test-output-is-quiet.test.ts runs these settings on a passing and a failing fixture.)
 */
export const outputSettings = {
  reporters: ['default', './scripts/summary-reporter.ts'],
  silent: 'passed-only' as const,
  setupFiles: ['./scripts/capture-direct-writes.ts'],
};

// One group, "chapters": every behaviour test, files in parallel. Each test owns its queue names and temp
// dirs, and no test disturbs a server another one uses: the tests that restart or kill a RabbitMQ node
// start nodes of their own (scripts/restart-node.sh, scripts/cluster.sh).

export default defineConfig({
  test: {
    reporters: outputSettings.reporters,
    silent: outputSettings.silent,
    // The longest files start first (scripts/slow-files-first.ts), so none ends the run alone.
    sequence: { sequencer: SlowFilesFirst },
    projects: [
      {
        test: {
          testTimeout: 30_000,
          hookTimeout: 30_000,
          pool: 'forks' as const,
          setupFiles: outputSettings.setupFiles,
          name: 'chapters',
          include: [
            '{01,02,03,04}-*/**/*.test.ts',
            'common/**/*.test.ts',
            'docs/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/exercises/**'],
          // Most tests wait on servers, child processes and timers, not on the CPU: four files at a
          // time keep 2 cores busy without starving the servers (vitest's default here would be 1).
          maxWorkers: 4,
          // A worker process runs file after file instead of a new process per file: starting one and
          // loading vitest into it cost about 0.25 s of CPU per file, 20 s a run (measured: 156 s of CPU
          // and 88 s wall with isolation, 134 s and 72 s without). So each test file must leave nothing
          // behind: it closes what it opens (connections, servers, child processes) and restores what it
          // changes (process.env, process.exit), and owns its queue names and temp dirs, as it did.
          isolate: false,
        },
      },
    ],
  },
});
