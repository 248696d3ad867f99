// Every program the page starts is `npm run chapter:1 -- <mode>`: each mode answers --help (exit 0, its
// options listed with their defaults), and a wrong option or mode exits 2 with the usage line.
// main.ts is started as a real process twice, for --help and for a wrong mode: that proves it reads its
// command line before anything else. Every other command line is read in this process by the same
// parseArgs (support/cli.ts), with process.exit and the writes caught (common/testing/command-line.ts).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runScript } from '../../common/process.ts';
import { readCommandLine } from '../../common/testing/command-line.ts';
import { MODES, parseArgs } from '../support/cli.ts';
import { JOURNALS } from '../support/reset.ts';

const main = new URL('../main.ts', import.meta.url);
const USAGE = 'usage: npm run chapter:1 -- [mode] [options]';
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
  it.concurrent('without a mode lists every mode and exits 0 (a real process)', async () => {
    const run = await runScript(main, { args: ['--help'] });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(USAGE);
    for (const mode of Object.keys(MODES)) expect(run.output).toMatch(new RegExp(`^ {2}${mode} +\\S`, 'm'));
  });

  it.concurrent('an unknown mode exits 2 with the error and the usage line (a real process)', async () => {
    const run = await runScript(main, { args: ['explode'] });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain("error: unknown mode 'explode'");
    expect(run.output).toContain(USAGE);
  });

  it.each(Object.keys(MODES))('%s --help exits 0 with its usage, options and an example', (mode) => {
    const run = readCommandLine(parseArgs, [mode, '--help']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`usage: npm run chapter:1 -- ${mode === 'story' ? '[mode]' : mode}`);
    expect(run.output).toMatch(/-h, --help +print this help and exit/);
    expect(run.output).toMatch(/examples?:\n {2}npm run chapter:1/);
    for (const option of OPTIONS[mode] ?? []) expect(run.output).toMatch(option);
  });

  it.each([
    [['--fast'], "error: Unknown option '--fast'", USAGE],
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
  ])('%j exits 2 with the error and the usage line', (args, error, usage) => {
    const run = readCommandLine(parseArgs, args);
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain(error);
    expect(run.output).toContain(usage);
  });

  it('a valid command line goes on: the mode and its options, as numbers where they are numbers', () => {
    expect(readCommandLine(parseArgs, []).value).toEqual({ mode: 'story' });
    expect(readCommandLine(parseArgs, ['lost-link']).value).toEqual({ mode: 'lost-link' });
    expect(readCommandLine(parseArgs, ['crash', '--data', '/tmp/ch1']).value).toEqual({
      mode: 'crash',
      data: '/tmp/ch1',
    });
    const home = readCommandLine(parseArgs, ['home', '--push', '3', '--latency', '5', '--worker', 'article']);
    expect(home.code, home.output).toBe(null);
    expect(home.value).toEqual({
      mode: 'home',
      home: { push: 3, from: 1, latencyMs: 5, worker: 'article', journal: '.data/01-memory/device.jsonl' },
    });
  });

  it("home's journal, by default, is one of the files reset removes from its default folder", () => {
    const home = readCommandLine(parseArgs, ['home']).value;
    const reset = readCommandLine(parseArgs, ['reset']).value;
    expect(home?.mode).toBe('home');
    expect(reset?.mode).toBe('reset');
    if (home?.mode !== 'home' || reset?.mode !== 'reset') return;
    expect(JOURNALS.map((name) => join(reset.data, name))).toContain(home.home.journal);
  });
});
