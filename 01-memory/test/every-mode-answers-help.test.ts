// Every program the page starts is `npm run chapter:1 -- <mode>`: each mode answers --help (exit 0, its
// options listed with their defaults), and a wrong option or mode exits 2 with the usage line.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { MODES } from '../support/cli.ts';

const main = new URL('../main.ts', import.meta.url);
/** The options the page uses, with their defaults. */
const OPTIONS: Record<string, RegExp[]> = {
  home: [
    /--push <value> +.*\(default: 8\)/,
    /--latency <value> +.*\(default: 1000\)/,
    /--worker <value> +.*\(default: fixed\)/,
    /--journal <value> +.*\(default: \.data\/01-memory\/device\.jsonl\)/,
  ],
  crash: [/--data <value> +.*\(default: \.data\/01-memory\)/],
  reset: [/--data <value> +.*\(default: \.data\/01-memory\)/],
};

describe('npm run chapter:1 -- <mode> --help', () => {
  it('without a mode lists every mode and exits 0', async () => {
    const run = await runScript(main, { args: ['--help'] });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('usage: npm run chapter:1 -- [mode] [options]');
    for (const mode of Object.keys(MODES)) expect(run.output).toMatch(new RegExp(`^ {2}${mode} +\\S`, 'm'));
  });

  it.each(Object.keys(MODES))('%s --help exits 0 with its usage, options and an example', async (mode) => {
    const run = await runScript(main, { args: [mode, '--help'] });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`usage: npm run chapter:1 -- ${mode === 'story' ? '[mode]' : mode}`);
    expect(run.output).toMatch(/-h, --help +print this help and exit/);
    expect(run.output).toMatch(/examples?:\n {2}npm run chapter:1/);
    for (const option of OPTIONS[mode] ?? []) expect(run.output).toMatch(option);
  });

  it.each([
    [['--fast'], "error: Unknown option '--fast'", 'usage: npm run chapter:1 -- [mode] [options]'],
    [
      ['home', '--pushes', '3'],
      "error: Unknown option '--pushes'",
      'usage: npm run chapter:1 -- home [options]',
    ],
    [
      ['home', '--worker', 'mine'],
      "error: --worker must be 'fixed' or 'article'",
      'usage: npm run chapter:1 -- home',
    ],
    [['outage', '--latency', '5'], "error: Unknown option '--latency'", 'usage: npm run chapter:1 -- outage'],
    [['explode'], "error: unknown mode 'explode'", 'usage: npm run chapter:1 -- [mode] [options]'],
  ])('%j exits 2 with the error and the usage line', async (args, error, usage) => {
    const run = await runScript(main, { args });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain(error);
    expect(run.output).toContain(usage);
  });
});
