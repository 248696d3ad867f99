// `npm run chapter:2 -- <mode> --help` lists the modes and the options with their defaults and exits 0,
// whatever the mode (the docs check runs each command of the page with --help); a wrong option, mode
// or value prints the usage line and exits 2. main.ts is started as a real process twice, for --help and
// for a wrong option: that proves it reads its command line before anything else. Every other command
// line is read in this process by the same parseSettings (support/cli.ts), with process.exit and the
// writes caught (common/testing/command-line.ts).
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { type CommandLineResult, readCommandLine } from '../../common/testing/command-line.ts';
import { parseSettings, type Settings } from '../support/cli.ts';

const MAIN = new URL('../main.ts', import.meta.url);
const USAGE = 'usage: npm run chapter:2 -- [mode] [options]';

function expectHelp(run: CommandLineResult<unknown> | Awaited<ReturnType<typeof runScript>>) {
  expect(run.code, run.output).toBe(0);
  expect(run.lines[0]).toBe(USAGE);
  expect(run.output).toMatch(/story +push 'door opened' events.*\(the default\)/);
  expect(run.output).toMatch(/reset +remove what this chapter left/);
  expect(run.output).toMatch(
    /--max-attempts <value> +runs of a job in all before the dead letters \(default: 4\)/,
  );
  expect(run.output).toMatch(/--failure-rate <value> +.*\(default: 0\.5\)/);
}

describe('npm run chapter:2 -- … --help', () => {
  it.concurrent('["--seed","3"] --help, a real process: the modes and options, exit 0', async () => {
    expectHelp(await runScript(MAIN, { args: ['--seed', '3', '--help'] }));
  });

  it.each([[['requeue', 'all', '--failure-rate', '0']], [['reset']]])(
    '%j --help: the modes and options with their defaults, exit 0',
    (args) => expectHelp(readCommandLine(parseSettings, [...args, '--help'])),
  );
});

describe('npm run chapter:2 with wrong words', () => {
  it.concurrent('["--seeds","3"], a real process: one error line, the usage line, exit 2', async () => {
    const run = await runScript(MAIN, { args: ['--seeds', '3'] });
    expect(run.code, run.output).toBe(2);
    expect(run.lines.slice(0, 2)).toEqual(["error: Unknown option '--seeds'", USAGE]);
  });

  it.each([
    [
      ['crash'],
      "error: unknown mode 'crash' (modes: story, article, crash-demo, work, dead-letters, requeue, reset)",
    ],
    [['requeue'], 'error: requeue takes one dead letter: a job id (see the dead-letters mode) or "all"'],
    [['--failure-rate', '2'], "error: --failure-rate must be a number from 0 to 1, got '2'"],
  ])('%j: one error line, the usage line, exit 2', (args, error) => {
    const run = readCommandLine(parseSettings, args);
    expect(run.code, run.output).toBe(2);
    expect(run.lines.slice(0, 2)).toEqual([error, USAGE]);
  });
});

describe('npm run chapter:2 with a valid command line', () => {
  const defaults: Settings = {
    mode: 'story',
    target: undefined,
    db: undefined,
    failureRate: 0.5,
    delayMs: 100,
    seed: undefined,
    maxAttempts: 4,
    events: 10,
    remoteLog: undefined,
  };

  it.each<[string[], Partial<Settings>]>([
    [[], {}],
    [['--seed', '3', '--delay', '20', '--db', '/tmp/events'], { seed: 3, delayMs: 20, db: '/tmp/events' }],
    [['requeue', 'all', '--failure-rate', '0'], { mode: 'requeue', target: 'all', failureRate: 0 }],
  ])('%j: goes on with the defaults and what it was given', (args, given) => {
    const run = readCommandLine(parseSettings, args);
    expect(run.code, run.output).toBe(null);
    expect(run.value).toEqual({ ...defaults, ...given });
  });
});
