// `npm run chapter:2 -- <mode> --help` lists the modes and the options with their defaults and exits 0,
// whatever the mode (the docs check runs each command of the page with --help); a wrong option, mode
// or value prints the usage line and exits 2.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';

const MAIN = new URL('../main.ts', import.meta.url);
const USAGE = 'usage: npm run chapter:2 -- [mode] [options]';

describe('npm run chapter:2 -- … --help', () => {
  it.concurrent.each([[['--seed', '3']], [['requeue', 'all', '--failure-rate', '0']], [['reset']]])(
    '%j --help: the modes and options with their defaults, exit 0',
    async (args) => {
      const run = await runScript(MAIN, { args: [...args, '--help'] });
      expect(run.code, run.output).toBe(0);
      expect(run.lines[0]).toBe(USAGE);
      expect(run.output).toMatch(/story +push 'door opened' events.*\(the default\)/);
      expect(run.output).toMatch(/reset +remove what this chapter left/);
      expect(run.output).toMatch(
        /--max-attempts <value> +runs of a job in all before the dead letters \(default: 4\)/,
      );
      expect(run.output).toMatch(/--failure-rate <value> +.*\(default: 0\.5\)/);
    },
  );
});

describe('npm run chapter:2 with wrong words', () => {
  it.concurrent.each([
    [['--seeds', '3'], "error: Unknown option '--seeds'"],
    [
      ['crash'],
      "error: unknown mode 'crash' (modes: story, article, crash-demo, work, dead-letters, requeue, reset)",
    ],
    [['requeue'], 'error: requeue takes one dead letter: a job id (see the dead-letters mode) or "all"'],
    [['--failure-rate', '2'], "error: --failure-rate must be a number from 0 to 1, got '2'"],
  ])('%j: one error line, the usage line, exit 2', async (args, error) => {
    const run = await runScript(MAIN, { args });
    expect(run.code, run.output).toBe(2);
    expect(run.lines.slice(0, 2)).toEqual([error, USAGE]);
  });
});
