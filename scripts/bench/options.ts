// The command line of `npm run bench` (common/cli.ts: --help lists the options; a wrong one exits 2).
// resolveOptions() turns the parsed words into settings and throws on a combination that makes no sense;
// main.ts turns that into the usage error.
import { type Command, type Option, parseCommand, usageError } from '../../common/cli.ts';
import type { Case, Settings } from './measure/harness.ts';

export interface BenchOptions {
  settings: Settings;
  only: Case['chapter'] | undefined;
  backlog: number;
  quick: boolean;
  out: string;
  writeDocs: boolean;
  /** Whole runs, one after the other: --write-docs makes two, to show how much the numbers vary. */
  runs: number;
}

const CHAPTERS: Array<Case['chapter']> = ['01-memory', '02-leveldb', '03-redis', '04-rabbitmq'];

export const BENCH_COMMAND = {
  usage: 'npm run bench -- [options]',
  summary:
    "Runs no-op jobs through every chapter's queue, the bare engine under it and the production peers, " +
    'and prints throughput, latency and memory.',
  options: {
    quick: {
      type: 'boolean',
      help: 'a smoke run: few jobs, the chapters side by side; proves every row runs, compares nothing',
    },
    only: { type: 'string', help: 'one chapter: 1..4 or 01-memory, 02-leveldb, 03-redis, 04-rabbitmq' },
    jobs: { type: 'string', help: 'no-op jobs per throughput run (default 2000; --quick: 50)' },
    concurrency: { type: 'string', default: '1,10', help: 'the concurrencies to measure throughput at' },
    repeats: { type: 'string', help: 'throughput runs per concurrency, best counts (default 3; --quick: 1)' },
    backlog: { type: 'string', help: 'jobs in each memory backlog (default 100000; --quick: 500)' },
    out: {
      type: 'string',
      default: 'bench-results',
      help: 'where a run leaves benchmarks.json, .md and .svg (git-ignored)',
    },
    'write-docs': {
      type: 'boolean',
      help: 'two full runs into docs/benchmarks.json and both pages (the second shows the spread)',
    },
  },
  examples: ['npm run bench', 'npm run bench -- --only 3 --repeats 5', 'npm run bench -- --quick'],
} as const satisfies Command<Record<string, Option>>;

/** The parsed words as settings; throws, with the fix in its message, on a combination that is wrong. */
export function resolveOptions(values: {
  quick: boolean;
  only?: string | undefined;
  jobs?: string | undefined;
  concurrency: string;
  repeats?: string | undefined;
  backlog?: string | undefined;
  out: string;
  'write-docs': boolean;
}): BenchOptions {
  const quick = values.quick;
  const count = (name: string, value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < 1)
      throw new Error(`--${name} must be a whole number >= 1, got '${value}'`);
    return n;
  };
  let only: Case['chapter'] | undefined;
  if (values.only !== undefined) {
    only = CHAPTERS.find(
      (c) => c === values.only || c.startsWith(`0${values.only}-`) || c.endsWith(`-${values.only}`),
    );
    if (!only)
      throw new Error(`--only must be one of 1, 2, 3, 4, ${CHAPTERS.join(', ')}; got '${values.only}'`);
  }
  const concurrencies = values.concurrency.split(',').map((c) => count('concurrency', c.trim()));
  const writeDocs = values['write-docs'];
  // The docs show full runs of every row; a smoke run or one chapter's rows is not that.
  if (writeDocs && (quick || only))
    throw new Error(`--write-docs needs a full run: drop ${quick ? '--quick' : '--only'}`);
  if (writeDocs && values.out !== 'bench-results')
    throw new Error('--write-docs writes the docs; --out is for runs that do not');
  if (values.out.endsWith('.md'))
    throw new Error(`--out names a directory (benchmarks.json, .md and .svg go in it), got '${values.out}'`);
  return {
    quick,
    only,
    out: values.out,
    writeDocs,
    runs: writeDocs ? 2 : 1,
    backlog: values.backlog ? count('backlog', values.backlog) : quick ? 500 : 100_000,
    settings: {
      jobs: values.jobs ? count('jobs', values.jobs) : quick ? 50 : 2000,
      concurrencies,
      repeats: values.repeats ? count('repeats', values.repeats) : quick ? 1 : 3,
      warmupJobs: quick ? 0 : 200,
      // Latency: a steady 100 jobs/s, well under every queue's capacity, so it measures the path of one
      // job, not a backlog building up.
      latencyJobs: quick ? 5 : 200,
      latencyRate: 100,
      idleSamples: quick ? 1 : 5,
      phaseTimeoutMs: quick ? 20_000 : 120_000,
    },
  };
}

/** The options of this process's command line; wrong usage prints the usage line and exits 2. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseCommand(BENCH_COMMAND, argv);
  try {
    return resolveOptions(values);
  } catch (err) {
    usageError(BENCH_COMMAND, (err as Error).message);
  }
}
