// Every program the page starts is a mode of `npm run chapter:3`: each answers --help (exit 0, its
// options with their defaults, an example), and a wrong option or mode gets the usage line and exit 2.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
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

describe('npm run chapter:3 -- <mode> --help', () => {
  it('every mode lists its options and an example, and exits 0', async () => {
    const runs = await Promise.all(
      MODES.map(([mode]) => runScript(MAIN, { args: [mode, '--help'].filter(Boolean) })),
    );
    runs.forEach((run, i) => {
      const [mode, words] = MODES[i]!;
      expect(run.code, run.output).toBe(0);
      expect(run.output).toMatch(new RegExp(`^usage: npm run chapter:3 -- ${mode}`));
      for (const word of words) expect(run.output, `${mode} --help`).toContain(word);
      expect(run.output).toMatch(/examples?:\n {2}npm run chapter:3/);
    });
  });

  it('a wrong option, value or mode prints the usage line and exits 2', async () => {
    const wrong = [
      ['worker', '--bogus'],
      ['server', '--port', 'abc'],
      ['receiver', '--fail-rate', '2'],
      ['bogus'],
    ];
    const runs = await Promise.all(wrong.map((args) => runScript(MAIN, { args })));
    runs.forEach((run, i) => {
      expect(run.code, run.output).toBe(2);
      expect(run.output).toMatch(/^error: .+\nusage: npm run chapter:3 -- /m);
      expect(run.output, wrong[i]!.join(' ')).not.toMatch(/listening|ready/);
    });
  });
});
