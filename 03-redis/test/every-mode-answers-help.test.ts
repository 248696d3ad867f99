// Every program the page starts is a mode of `npm run chapter:3`: each answers --help (exit 0, its
// options with their defaults, an example), and a wrong option or mode gets the usage line and exit 2.
// main.ts is started as a real process twice, for --help and for a wrong value of the server: that
// proves it reads its command line before anything else (no server listens, no worker waits). Every
// other command line is read in this process by the same parseArgs (support/cli.ts), with process.exit
// and the writes caught (common/testing/command-line.ts).
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { readCommandLine } from '../../common/testing/command-line.ts';
import { parseArgs } from '../support/cli.ts';
import { MAIN } from './fixture.ts';

const MODES: Array<[string, string[]]> = [
  ['', ['story', 'article', 'receiver', 'server', 'worker', 'reset']],
  ['article', ['--fail']],
  ['receiver', ['--port <value>', '(default: 4000)', '--fail-rate', '(default: 0.35)', '--delay-ms']],
  [
    'server',
    ['--port <value>', '(default: 3000)', '--webhook-url', '--db-file', '--job-timeout-ms', '--queue'],
  ],
  ['worker', ['--id', '--concurrency', '(default: 10)', '--queue <value>', '(default: invoke webhook)']],
  ['reset', ['usage: npm run chapter:3 -- reset']],
];

function expectHelp({ code, output }: { code: number | null; output: string }, mode: string) {
  const words = MODES.find(([m]) => m === mode)?.[1] ?? [];
  expect(code, output).toBe(0);
  expect(output).toMatch(new RegExp(`^usage: npm run chapter:3 -- ${mode}`));
  for (const word of words) expect(output, `${mode} --help`).toContain(word);
  expect(output).toMatch(/examples?:\n {2}npm run chapter:3/);
}

function expectRefused({ code, output }: { code: number | null; output: string }, args: string[]) {
  expect(code, output).toBe(2);
  expect(output, args.join(' ')).toMatch(/^error: .+\nusage: npm run chapter:3 -- /m);
}

describe('npm run chapter:3 -- <mode> --help', () => {
  it.concurrent('without a mode lists every mode and an example, and exits 0 (a real process)', async () => {
    expectHelp(await runScript(MAIN, { args: ['--help'] }), '');
  });

  it.concurrent('a wrong value exits 2 with the usage line before a server starts (a process)', async () => {
    const args = ['server', '--port', 'abc'];
    const run = await runScript(MAIN, { args });
    expectRefused(run, args);
    expect(run.output, args.join(' ')).not.toMatch(/listening|ready/);
  });

  it.each(MODES.filter(([mode]) => mode !== '').map(([mode]) => mode))(
    '%s --help lists its options and an example, and exits 0',
    (mode) => expectHelp(readCommandLine(parseArgs, [mode, '--help']), mode),
  );

  it.each([[['worker', '--bogus']], [['receiver', '--fail-rate', '2']], [['bogus']]])(
    '%j prints the usage line and exits 2',
    (args) => expectRefused(readCommandLine(parseArgs, args), args),
  );
});
