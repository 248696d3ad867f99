// What `npm test` prints: a passing test shows none of what it, its code or its child processes wrote;
// a failing test shows all of it, next to its error; the last line is the plain count. Proven by running
// vitest, with the real run's output settings (vitest.config.ts), on one passing and one failing fixture.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

it('a passing test prints nothing it or its processes wrote; a failing one prints all of it', {
  timeout: 120_000,
}, async () => {
  // This vitest must not think it runs inside ours: drop the variables our workers carry.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST' && k !== 'NODE_ENV'),
  );
  const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
  const result = await promisify(execFile)(
    process.execPath,
    [vitest, 'run', '--config', 'scripts/test-output/vitest.fixtures.config.ts'],
    {
      cwd: root,
      env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.code, output).toBe(1);
  expect(result.stdout.trimEnd().split('\n').at(-1), output).toBe('1 passed, 1 failed');
  // The failing test: its child's lines (both streams), its Logger's line and its console line.
  for (const line of [
    'chatty-child.ts> CHILD-STDOUT-LINE',
    'chatty-child.ts> CHILD-STDERR-LINE',
    '[worker F] DIRECT-LINE from the failing test',
    'CONSOLE-LINE from the failing test',
  ]) {
    expect(output, output).toContain(line);
  }
  // The passing test: nothing, and the child's lines only once (the failing test's).
  expect(output).not.toMatch(/passing test/);
  expect(output.match(/CHILD-STDOUT-LINE/g)).toHaveLength(1);
});
