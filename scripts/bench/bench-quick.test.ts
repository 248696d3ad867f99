// The benchmark's smoke test (CI runs it with every test): `npm run bench -- --quick` runs to the end,
// every row has numbers, and it writes only to bench-results/ (git-ignored): the docs pages, the chart
// and docs/benchmarks.json stay exactly as they were. No timing assertions: how fast is the benchmark's
// business, not the test's. The run is the reader's own `--quick` (only --out differs), started as a real
// process, so it also proves main.ts reads its command line; --help and wrong usage are read in this
// process by the same parseOptions (common/testing/command-line.ts), and common/cli.ts's exit codes are
// proven through a real process in common/test/cli-help-and-wrong-usage.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { requireRabbitMQ, requireRedis } from '../../common/servers.ts';
import { runScript } from '../../common/process.ts';
import { readCommandLine } from '../../common/testing/command-line.ts';
import { parseOptions, resolveOptions } from './options.ts';
import type { Results } from './report/results.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const main = new URL('./main.ts', import.meta.url);
const USAGE = 'usage: npm run bench -- [options]';
/** Every tracked file a bench run may write: only a full run with --write-docs does. */
const DOCS_OUTPUTS = [
  'docs/benchmarks.md',
  'docs/zh-CN/benchmarks.md',
  'docs/benchmarks.svg',
  'docs/benchmarks.json',
];

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
/**
 * What git and the disk say about the bench's tracked outputs (other engineers may be editing other files).
 */
async function docsState() {
  return {
    status: git('status', '--porcelain', '--', ...DOCS_OUTPUTS),
    contents: await Promise.all(DOCS_OUTPUTS.map((f) => readFile(`${root}/${f}`, 'utf8'))),
  };
}

describe('npm run bench -- --quick', () => {
  const out = 'bench-results/quick-test';
  beforeAll(async () => {
    await requireRedis();
    await requireRabbitMQ();
  });
  afterAll(() => rm(`${root}/${out}`, { recursive: true, force: true }));

  const defaults = { quick: false, concurrency: '1,10', out: 'bench-results', 'write-docs': false };
  it('refuses to write the docs from a quick or partial run; a docs write makes two runs', () => {
    expect(() => resolveOptions({ ...defaults, quick: true, 'write-docs': true })).toThrow(
      '--write-docs needs a full run: drop --quick',
    );
    expect(() => resolveOptions({ ...defaults, only: '3', 'write-docs': true })).toThrow(
      '--write-docs needs a full run: drop --only',
    );
    expect(resolveOptions({ ...defaults, 'write-docs': true })).toMatchObject({ writeDocs: true, runs: 2 });
    expect(resolveOptions(defaults)).toMatchObject({ out: 'bench-results', runs: 1, only: undefined });
  });

  it('--help lists the options and exits 0', () => {
    const run = readCommandLine(parseOptions, ['--help']);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(USAGE);
    for (const option of ['--quick', '--only', '--jobs', '--repeats', '--backlog', '--out', '--write-docs'])
      expect(run.stdout).toContain(option);
  });

  it.each([
    [['--quik'], "error: Unknown option '--quik'"],
    [['--quick', '--write-docs'], 'error: --write-docs needs a full run: drop --quick'],
  ])('%j: one error line, the usage line, exit 2', (args, error) => {
    const run = readCommandLine(parseOptions, args);
    expect(run.code, run.output).toBe(2);
    expect(run.lines.slice(0, 2)).toEqual([error, USAGE]);
  });

  // About 10 s alone; inside the full suite it shares 2 cores with every other test file, hence the room.
  it.concurrent('measures every row, writes only to bench-results/, and leaves the docs as they were', {
    timeout: 120_000,
  }, async () => {
    const before = await docsState();
    const run = await runScript(main, { args: ['--quick', '--out', out], cwd: root, timeoutMs: 110_000 });
    expect(run.output).not.toMatch(/FAILED|no numbers/);
    expect(run.code, run.output).toBe(0);

    expect(await docsState(), 'a --quick run changed a docs page, the chart or docs/benchmarks.json').toEqual(
      before,
    );
    // Its own output is ignored by git: `git status` shows nothing new.
    expect(git('check-ignore', `${out}/benchmarks.json`).trim()).toBe(`${out}/benchmarks.json`);
    expect(git('status', '--porcelain', '--', 'bench-results')).toBe('');

    const results = JSON.parse(await readFile(`${root}/${out}/benchmarks.json`, 'utf8')) as Results;
    expect(results.quick).toBe(true);
    expect(results.rows.length).toBeGreaterThanOrEqual(16);
    for (const row of results.rows) {
      const numbers = [
        ...results.settings.concurrencies.map((c) => row.throughput[c]),
        row.p50,
        row.p99,
        row.idleMax,
      ];
      expect(
        numbers.every((n) => typeof n === 'number' && Number.isFinite(n)),
        `${row.label}: ${JSON.stringify(row)}`,
      ).toBe(true);
    }
    // The memory rows: one per chapter (and BullMQ), each with its RSS.
    expect(results.backlogRows.map((b) => b.id).sort()).toEqual(['BullMQ', 'ch1', 'ch2', 'ch3', 'ch4']);
    for (const b of results.backlogRows) expect(b.rssAfter, JSON.stringify(b)).toBeGreaterThan(0);

    const md = await readFile(`${root}/${out}/benchmarks.md`, 'utf8');
    expect(md).toContain('This is a `--quick` smoke run');
    expect(md).toContain('![Throughput per queue');
    const svg = await readFile(`${root}/${out}/benchmarks.svg`, 'utf8');
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
  });
});
