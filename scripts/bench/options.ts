// Command-line options of `npm run bench`:
//   --jobs N            no-op jobs per throughput run (default 2000; --quick: 50)
//   --concurrency 1,10  the concurrencies to measure throughput at (default 1,10)
//   --only <chapter>    run one chapter's group: 1..4 or 01-memory, 02-leveldb, 03-redis, 04-rabbitmq
//   --repeats N         throughput runs per concurrency, best one counts (default 3; --quick: 1)
//   --backlog N         jobs in the memory (RSS) backlog (default 100000; --quick: 500)
//   --quick             a small smoke run (what CI runs): few jobs, one idle sample, the chapters side
//                       by side: its numbers only prove that every row runs, they compare nothing
//   --out DIR           where a run leaves benchmarks.json, benchmarks.md and benchmarks.svg
//                       (default bench-results/, git-ignored)
//   --write-docs        a full run only (no --quick, no --only): write the numbers into the docs instead
//                       (docs/benchmarks.json, the chart, and the generated blocks of both editions)
import { parseArgs } from 'node:util';
import type { Case, Settings } from './harness.ts';

export interface BenchOptions {
  settings: Settings;
  only: Case['chapter'] | undefined;
  backlog: number;
  quick: boolean;
  out: string;
  writeDocs: boolean;
}

const CHAPTERS: Array<Case['chapter']> = ['01-memory', '02-leveldb', '03-redis', '04-rabbitmq'];

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number >= 1, got "${value}"`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      jobs: { type: 'string' },
      concurrency: { type: 'string', default: '1,10' },
      only: { type: 'string' },
      backlog: { type: 'string' },
      repeats: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results' },
      'write-docs': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  let only: Case['chapter'] | undefined;
  if (values.only !== undefined) {
    only = CHAPTERS.find(
      (c) => c === values.only || c.startsWith(`0${values.only}-`) || c.endsWith(`-${values.only}`),
    );
    if (!only)
      throw new Error(`--only must be one of 1, 2, 3, 4, ${CHAPTERS.join(', ')}; got "${values.only}"`);
  }
  const concurrencies = values.concurrency.split(',').map((c) => positiveInt('concurrency', c.trim()));
  const writeDocs = values['write-docs'];
  // The docs show one run of every row with full settings; a smoke run or one chapter's rows is not that.
  if (writeDocs && (quick || only))
    throw new Error(`--write-docs needs a full run: drop ${quick ? '--quick' : '--only'}`);
  if (writeDocs && values.out !== 'bench-results')
    throw new Error('--write-docs writes the docs; --out is for runs that do not');
  if (values.out.endsWith('.md'))
    throw new Error(
      `--out names a directory now (benchmarks.json, .md and .svg go in it), got "${values.out}"`,
    );
  return {
    quick,
    only,
    out: values.out,
    writeDocs,
    backlog: values.backlog ? positiveInt('backlog', values.backlog) : quick ? 500 : 100_000,
    settings: {
      jobs: values.jobs ? positiveInt('jobs', values.jobs) : quick ? 50 : 2000,
      concurrencies,
      // Latency: a steady 100 jobs/s, well under every queue's capacity, so it measures the path of one
      // job, not a backlog building up.
      repeats: values.repeats ? positiveInt('repeats', values.repeats) : quick ? 1 : 3,
      warmupJobs: quick ? 0 : 200,
      latencyJobs: quick ? 5 : 200,
      latencyRate: 100,
      idleSamples: quick ? 1 : 5,
      phaseTimeoutMs: quick ? 20_000 : 120_000,
    },
  };
}
