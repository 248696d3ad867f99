// common/cli.ts, as a reader meets it: `--help` prints the options with their defaults and an example
// and exits 0; a wrong option or mode prints one error line and the usage line and exits 2. The exit codes
// are proven once through a real process (two-mode-program.ts started with tsx); every command line is
// then read in this process by the same parse function, with process.exit and the writes caught.
import { describe, expect, it } from 'vitest';
import { runScript } from '../process.ts';
import { readCommandLine } from '../testing/command-line.ts';
import { readArgs } from './two-mode-program.ts';

const program = new URL('./two-mode-program.ts', import.meta.url);
const USAGE = 'usage: npx tsx program.ts [mode] [options]';

describe('a program built on common/cli.ts', () => {
  it.concurrent('as a real process: --help prints the usage and exits 0', async () => {
    const run = await runScript(program, { args: ['--help'] });
    expect(run.code, run.output).toBe(0);
    expect(run.lines[0]).toBe(USAGE);
  });

  it.concurrent('as a real process: wrong usage prints the error and usage lines, exits 2', async () => {
    const run = await runScript(program, { args: ['--quorm'] });
    expect(run.code, run.output).toBe(2);
    expect(run.lines.slice(0, 2)).toEqual(["error: Unknown option '--quorm'", USAGE]);
  });

  it('--help lists the modes, the options with their defaults and an example, and exits 0', () => {
    const run = readCommandLine(readArgs, ['--help']);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(USAGE);
    expect(run.stdout).toMatch(/story +the story \(the default\)/);
    expect(run.stdout).toMatch(/--queue <value> +the queue to use \(default: task_queue\)/);
    expect(run.stdout).toMatch(/example:\n {2}npx tsx program.ts --queue jobs/);
  });

  it('takes its options and mode, with defaults for the rest (a flag not given is false)', () => {
    const run = readCommandLine(readArgs, ['reset', '--count', '3']);
    expect(run.code, run.output).toBe(null);
    expect(run.value).toEqual({ mode: 'reset', queue: 'task_queue', quorum: false, count: 3 });
  });

  it.each([
    [['--quorm'], "error: Unknown option '--quorm'"],
    [['resett'], "error: unknown mode 'resett' (modes: story, reset)"],
    [['--count', 'ten'], "error: --count must be a whole number >= 1, got 'ten'"],
    [['story', 'extra'], "error: unexpected argument 'extra'"],
    [['--quorm', '--help'], "error: Unknown option '--quorm'"],
  ])('%j: one error line, the usage line on stderr, exit 2', (args, error) => {
    const run = readCommandLine(readArgs, args);
    expect(run.code, run.output).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').slice(0, 2)).toEqual([error, USAGE]);
  });
});
