// npm run bench [-- --quick] [--jobs N] [--concurrency 1,10] [--only 3] [--backlog N] [--out DIR]
// [--write-docs]
//
// Runs the same no-op workload through every chapter's own queue code, the bare engine under it, and
// the production peers, then prints a table. The numbers go to bench-results/ (git-ignored); only a full
// run given --write-docs puts them into the docs (render-docs.ts): --quick never touches a tracked file.
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { writeFile, mkdir } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { errorMessage } from '../../common/errors.ts';
import { spawnScript } from '../../common/process.ts';
import { requireRabbitMQ, requireRedis } from '../../common/servers.ts';
import { parseOptions, type BenchOptions } from './options.ts';
import { runCase, type Row } from './harness.ts';
import { createProgress, type Progress } from './progress.ts';
import { allBacklogs, allCases } from './cases/index.ts';
import { rabbitVersion } from './cases/rabbitmq.ts';
import { runDeferredCleanups, sweepStale } from './names.ts';
import { renderReport, renderTable } from './report.ts';
import { renderChart } from './chart.ts';
import { writeResults, type BacklogRow, type Machine, type Results } from './results.ts';
import { writeDocs } from './render-docs.ts';

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  console.error(errorMessage(err));
  process.exit(2);
}
const started = Date.now();

try {
  await requireRedis();
  await requireRabbitMQ();
} catch (err) {
  // The benchmark needs both servers: say which one is missing and how to start it, in one line.
  console.error(errorMessage(err));
  process.exit(1);
}

// A library failing outside any promise we hold (a server restarting under a test run, say) must not
// end the whole benchmark with queues left behind: the case it belongs to times out and is reported.
const stray: string[] = [];
// Our output pipe closing (whoever started us is gone, or `| head`) ends the run at once: writing
// about a broken pipe to a broken pipe would only fail again, forever. The next run's sweepStale()
// removes the queues this one leaves behind.
const onPipeError = (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(1);
};
process.stdout.on('error', onPipeError);
process.stderr.on('error', onPipeError);
const onStray = (err: unknown) => {
  if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') process.exit(1);
  const message = errorMessage(err);
  stray.push(message.split('\n')[0]!);
  process.stderr.write(
    `unexpected error (the case running now will be reported as failed): ${message.split('\n')[0]}\n`,
  );
};
process.on('uncaughtException', onStray);
process.on('unhandledRejection', onStray);

const swept = await sweepStale();
if (swept.keys + swept.queues > 0)
  console.error(
    `removed what killed runs left behind: ${swept.keys} Redis keys, ${swept.queues} RabbitMQ queues`,
  );

const machine = await describeMachine();
const cases = allCases.filter((c) => !options.only || c.chapter === options.only);
const backlogs = (await allBacklogs()).filter((b) => !options.only || b.chapter === options.only);
const steps = cases.length + backlogs.length;

const rows: Row[] = new Array(cases.length);
const backlogRows: BacklogRow[] = new Array(backlogs.length);

async function runCases(group: typeof cases): Promise<void> {
  for (const c of group) {
    const i = cases.indexOf(c);
    const progress = createProgress(process.stderr, { lines: options.quick });
    progress.begin(`[${i + 1}/${steps}] ${c.id}: ${c.label}`);
    const t0 = Date.now();
    const row = await runCase(c, options.settings, progress);
    rows[i] = row;
    const took = `(${((Date.now() - t0) / 1000).toFixed(1)} s)`;
    const rates = options.settings.concurrencies.map(
      (n) => `c=${n} ${Math.round(row.throughput[n]!)} jobs/s`,
    );
    progress.end(`${c.id}: ${row.error ? `FAILED: ${row.error}` : rates.join(', ')} ${took}`);
  }
}

/** Measures these backlogs in one child process (one per case in a full run: clean numbers). */
async function runBacklogs(list: typeof backlogs): Promise<void> {
  const progress = createProgress(process.stderr, { lines: options.quick });
  const first = backlogs.indexOf(list[0]!);
  const last = list.length > 1 ? `-${cases.length + first + list.length}` : '';
  const labels = list.map((b) => b.label).join(', ');
  progress.begin(
    `[${cases.length + first + 1}${last}/${steps}] memory: ${labels}, ${options.backlog} jobs waiting`,
  );
  const results = await measureBacklogs(list, options.backlog, progress);
  for (const row of results) backlogRows[backlogs.findIndex((b) => b.id === row.id)] = row;
  progress.end(
    results
      .map((row) => `${row.id} memory: ${row.error ? `FAILED: ${row.error}` : `RSS ${mb(row.rssAfter!)} MB`}`)
      .join('; '),
  );
}

// A full run measures one case at a time, so no case competes with another for the CPU. --quick only
// proves that every case runs, so it runs the four chapters' groups and the memory children side by
// side (one lane per chapter: the waits for servers overlap, the Node process's own work does not).
if (options.quick) {
  // (The polling rows get a lane of their own: each spends seconds asleep in its 1 s backoff.)
  const lane = (c: (typeof cases)[number]) => `${c.chapter}${c.backoffMs > 0 ? ' polling' : ''}`;
  const groups = [...new Set(cases.map(lane))].map((l) => cases.filter((c) => lane(c) === l));
  await Promise.all([...groups.map(runCases), backlogs.length ? runBacklogs(backlogs) : undefined]);
} else {
  await runCases(cases);
  for (const b of backlogs) await runBacklogs([b]);
}

await runDeferredCleanups();
const elapsedS = (Date.now() - started) / 1000;
const results: Results = {
  source: `npm run bench ${process.argv.slice(2).join(' ')}`.trim(),
  machine,
  settings: options.settings,
  backlog: options.backlog,
  quick: options.quick,
  elapsedS,
  rows,
  backlogRows,
};
console.log(renderTable(results));

let written: string[];
if (options.writeDocs) {
  written = await writeDocs(results, { save: true });
} else {
  await mkdir(options.out, { recursive: true });
  const file = (name: string) => path.join(options.out, name);
  await writeResults(file('benchmarks.json'), results);
  await writeFile(file('benchmarks.svg'), renderChart(rows, options.settings.concurrencies));
  await writeFile(file('benchmarks.md'), renderReport(results, 'benchmarks.svg'));
  written = ['benchmarks.json', 'benchmarks.md', 'benchmarks.svg'].map(file);
}
console.log(`\nWrote ${written.join(', ')} in ${elapsedS.toFixed(0)} s.`);
const failed = rows.filter((r) => r.error).length + backlogRows.filter((r) => r.error).length + stray.length;
if (stray.length) console.log(`${stray.length} unexpected error(s) during the run: ${stray.join('; ')}`);
if (failed) {
  console.log(`${failed} row(s) produced no numbers; see the table.`);
  process.exitCode = 1;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

async function describeMachine(): Promise<Machine> {
  const redis = new Redis(REDIS_URL);
  const info = await redis.info('server').finally(() => redis.disconnect());
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    rabbitmq: await rabbitVersion(),
    date: new Date().toISOString().slice(0, 10),
    load: os.loadavg()[0] ?? 0,
  };
}

/** Runs backlog.ts in a fresh Node process and reads its JSON lines, one per backlog. */
async function measureBacklogs(
  list: typeof backlogs,
  jobs: number,
  progress: Progress,
): Promise<BacklogRow[]> {
  const targets = list.map((b) => `${b.chapter}:${b.id}`);
  const results = new Map<string, Omit<BacklogRow, 'label' | 'where'>>();
  const errors: string[] = [];
  const child = spawnScript(new URL('./backlog.ts', import.meta.url), {
    args: [String(jobs), ...targets],
    nodeArgs: ['--expose-gc'],
    echo(line, stream) {
      if (stream === 'stdout') {
        const { heapBefore, heapAfter, ...result } = JSON.parse(line) as Omit<
          BacklogRow,
          'label' | 'where' | 'heapGrowth'
        > & { heapBefore: number; heapAfter: number };
        results.set(result.id, { ...result, heapGrowth: heapAfter - heapBefore });
        return;
      }
      const m = /^progress (\S+) (\d+)\/(\d+)/.exec(line);
      if (m) progress.update(`filling ${m[1]}: ${m[2]}/${m[3]}`);
      else errors.push(line);
    },
  });
  // 'close', not 'exit': by then both pipes are read to the end, the last JSON line included.
  const [code] = (await once(child.process, 'close')) as [number | null];
  const why = errors.find((l) => /Error/.test(l)) ?? errors.at(-1) ?? `exit code ${code}`;
  return list.map((b) => {
    const result = results.get(b.id);
    return result
      ? { ...result, label: b.label, where: b.where }
      : { id: b.id, label: b.label, where: b.where, jobs, error: why };
  });
}
