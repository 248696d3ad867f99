// What `npm run bench` runs once main.ts has read the command line: every case, then every backlog, once
// (or twice for --write-docs), then the tables, the chart and the report, or the docs.
import path from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import { errorMessage } from '../../common/errors.ts';
import { requireRabbitMQ, requireRedis } from '../../common/servers.ts';
import { parseOptions, type BenchOptions } from './options.ts';
import { runCase, type Row } from './measure/harness.ts';
import { createProgress } from './measure/progress.ts';
import { allBacklogs, allCases } from './measure/cases/index.ts';
import { runDeferredCleanups, sweepStale } from './measure/cleanup.ts';
import { describeMachine } from './measure/machine.ts';
import { measureBacklogs } from './measure/memory.ts';
import { renderReport, renderTable } from './report/report.ts';
import { renderChart } from './report/chart.ts';
import { withSecondRun, writeResults, type BacklogRow, type Results } from './report/results.ts';
import { writeDocs } from './report/render-docs.ts';

const options: BenchOptions = parseOptions(process.argv.slice(2));
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

const cases = allCases.filter((c) => !options.only || c.chapter === options.only);
const backlogs = (await allBacklogs()).filter((b) => !options.only || b.chapter === options.only);
const steps = cases.length + backlogs.length;

/** One whole run: every case, then every backlog. */
async function runAll(run: number): Promise<Results> {
  const runStarted = Date.now();
  const machine = await describeMachine();
  const rows: Row[] = new Array(cases.length);
  const backlogRows: BacklogRow[] = new Array(backlogs.length);
  const prefix = options.runs > 1 ? `run ${run}/${options.runs} ` : '';

  async function runCases(group: typeof cases): Promise<void> {
    for (const c of group) {
      const i = cases.indexOf(c);
      const progress = createProgress(process.stderr, { lines: options.quick });
      progress.begin(`${prefix}[${i + 1}/${steps}] ${c.id}: ${c.label}`);
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
    const step = `${prefix}[${cases.length + first + 1}${last}/${steps}]`;
    progress.begin(`${step} memory: ${labels}, ${options.backlog} jobs waiting`);
    const results = await measureBacklogs(list, options.backlog, progress);
    for (const row of results) backlogRows[backlogs.findIndex((b) => b.id === row.id)] = row;
    progress.end(
      results
        .map(
          (row) => `${row.id} memory: ${row.error ? `FAILED: ${row.error}` : `RSS ${mb(row.rssAfter!)} MB`}`,
        )
        .join('; '),
    );
  }

  // A full run measures one case at a time, so no case competes with another for the CPU. --quick only
  // proves that every case runs, so it runs the cases in lanes side by side, with the memory children
  // beside them: the waits for servers overlap, the Node process's own work does not. A lane is a
  // chapter's group, split where its rows mostly wait: each polling row and each POST row alone (seconds
  // asleep in a 1 s backoff, or waiting out the library's 1 s pop timeout at every stop), the peers apart.
  // The RabbitMQ backlog gets a child of its own: it waits for the broker's next statistics sample.
  if (options.quick) {
    const lane = (c: (typeof cases)[number]) =>
      c.backoffMs > 0 || (c.jobMultiplier ?? 1) < 1
        ? c.id
        : `${c.chapter}${c.kind === 'peer' ? ' peer' : ''}`;
    const groups = [...new Set(cases.map(lane))].map((l) => cases.filter((c) => lane(c) === l));
    const broker = backlogs.filter((b) => b.chapter === '04-rabbitmq');
    const children = [backlogs.filter((b) => !broker.includes(b)), broker].filter((l) => l.length > 0);
    await Promise.all([...groups.map(runCases), ...children.map(runBacklogs)]);
  } else {
    await runCases(cases);
    for (const b of backlogs) await runBacklogs([b]);
  }
  await runDeferredCleanups();
  return {
    source: `npm run bench ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    settings: options.settings,
    backlog: options.backlog,
    quick: options.quick,
    elapsedS: (Date.now() - runStarted) / 1000,
    rows,
    backlogRows,
  };
}

const runs: Results[] = [];
for (let run = 1; run <= options.runs; run++) {
  const results = await runAll(run);
  runs.push(results);
  console.log(renderTable(results));
  // Each run of a docs write is kept as it ends, so a failure in a later run loses nothing measured:
  // `npx tsx scripts/bench/report/render-docs.ts FIRST.json SECOND.json` puts two of them in the docs.
  if (options.writeDocs) {
    await mkdir(options.out, { recursive: true });
    await writeResults(path.join(options.out, `docs-run-${run}.json`), results);
  }
}
const [results, second] = runs as [Results, ...Results[]];
const elapsedS = (Date.now() - started) / 1000;
const rows = runs.flatMap((r) => r.rows);
const backlogRows = runs.flatMap((r) => r.backlogRows);

let written: string[];
if (options.writeDocs) {
  written = await writeDocs(withSecondRun(results, second), { save: true });
} else {
  await mkdir(options.out, { recursive: true });
  const file = (name: string) => path.join(options.out, name);
  await writeResults(file('benchmarks.json'), results);
  await writeFile(file('benchmarks.svg'), renderChart(results.rows, options.settings.concurrencies));
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
