// Turns measured rows into the console table and docs/benchmarks.md. Every number in the document
// comes from this run; the explanations (notes.ts) are fixed text that names what a reader can check.
import type { Row } from './harness.ts';
import type { BenchOptions } from './options.ts';
import { explainRows, memoryNotes, noDelayCheck } from './notes.ts';

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  redis: string;
  rabbitmq: string;
  date: string;
  /** 1-minute load average when the run started: other work on the machine skews every number. */
  load: number;
}

export interface BacklogRow {
  id: string;
  label: string;
  where: string;
  jobs: number;
  /** How long pushing the backlog took. */
  fillMs?: number;
  held?: number;
  rssBefore?: number;
  rssAfter?: number;
  heapBefore?: number;
  heapAfter?: number;
  outside?: number | null;
  error?: string;
}

export interface Report {
  machine: Machine;
  options: BenchOptions;
  rows: Row[];
  backlogRows: BacklogRow[];
  elapsedS: number;
}

/** The idle-latency target: documented backoff plus 50 ms. */
export const IDLE_SLACK_MS = 50;
/** The overhead target: a chapter keeps at least this share of its library's throughput. */
export const MIN_RATIO = 0.9;

const int = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : Math.round(n).toLocaleString('en-US'));
const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(0));
const mb = (n: number | undefined | null) => (n === undefined || n === null ? '-' : (n / 1024 / 1024).toFixed(1));
const pct = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : `${Math.round(n * 100)}%`);

export function ratio(rows: Row[], row: Row, concurrency: number): number | undefined {
  const base = rows.find((r) => r.id === row.compareTo);
  const mine = row.throughput[concurrency];
  const theirs = base?.throughput[concurrency];
  return mine !== undefined && theirs ? mine / theirs : undefined;
}

export function idleMet(row: Row): boolean | undefined {
  return row.idleMax === undefined ? undefined : row.idleMax <= row.backoffMs + IDLE_SLACK_MS;
}

function tableLines(report: Report): string[] {
  const cs = report.options.settings.concurrencies;
  const head = ['case', 'kind', 'jobs', ...cs.map((c) => `jobs/s c=${c}`), ...cs.map((c) => `vs base c=${c}`), 'p50 ms', 'p99 ms', 'idle max ms (backoff)'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const r of report.rows) {
    if (r.error) {
      lines.push(`| ${r.label} | ${r.kind} | ${int(r.jobs)} | ${cs.map(() => '-').join(' | ')} | ${cs.map(() => '-').join(' | ')} | - | - | no numbers: ${r.error.replace(/\|/g, '/')} |`);
      continue;
    }
    lines.push(
      `| ${r.label} | ${r.kind} | ${int(r.jobs)} | ${cs.map((c) => int(r.throughput[c])).join(' | ')} | ${cs.map((c) => (r.compareTo ? `${pct(ratio(report.rows, r, c))} of ${r.compareTo}` : '')).join(' | ')} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.idleMax)} (${r.backoffMs}) |`,
    );
  }
  return lines;
}

function backlogLines(report: Report): string[] {
  const lines = [
    `| queue | jobs wait in | jobs held | pushed in s | RSS before MB | RSS with backlog MB | heap growth MB | outside the process MB |`,
    `|---|---|---:|---:|---:|---:|---:|---:|`,
  ];
  for (const b of report.backlogRows) {
    if (b.error) {
      lines.push(`| ${b.label} | ${b.where} | - | - | - | - | - | no numbers: ${b.error.replace(/\|/g, '/')} |`);
      continue;
    }
    lines.push(
      `| ${b.label} | ${b.where} | ${int(b.held)} | ${b.fillMs === undefined ? '-' : (b.fillMs / 1000).toFixed(1)} | ${mb(b.rssBefore)} | ${mb(b.rssAfter)} | ${mb((b.heapAfter ?? 0) - (b.heapBefore ?? 0))} | ${mb(b.outside)} |`,
    );
  }
  return lines;
}

function machineLine(m: Machine): string {
  return `${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.platform}, Redis ${m.redis}, RabbitMQ ${m.rabbitmq}; load average ${m.load.toFixed(1)} at the start`;
}

export function renderTable(report: Report): string {
  const s = report.options.settings;
  return [
    '',
    machineLine(report.machine),
    `${s.jobs} no-op jobs per throughput run; latency: ${s.latencyJobs} jobs at ${s.latencyRate}/s; idle: ${s.idleSamples} samples; backlog: ${report.options.backlog} jobs`,
    '',
    ...tableLines(report),
    '',
    ...backlogLines(report),
  ].join('\n');
}

export function renderMarkdown(report: Report, svgName: string): string {
  const { machine: m, options: o, rows } = report;
  const s = o.settings;
  const cs = s.concurrencies;
  const chapters = rows.filter((r) => r.kind === 'chapter');
  const targetLines: string[] = [];
  for (const r of chapters) {
    const ratios = cs.map((c) => ratio(rows, r, c));
    const met = !r.error && ratios.every((x) => x !== undefined && x >= MIN_RATIO);
    // Also against the bare engine of the chapter's group, so the whole chain reads in one line.
    const bare = rows.find((b) => b.chapter === r.chapter && b.kind === 'bare' && !b.error);
    const vsBare = (c: number) => (bare && bare.id !== r.compareTo && r.throughput[c] && bare.throughput[c] ? ` (${pct(r.throughput[c]! / bare.throughput[c]!)} of ${bare.id})` : '');
    targetLines.push(
      `| ${r.label} >= ${MIN_RATIO * 100}% of ${r.compareTo} | ${r.error ? 'no numbers' : cs.map((c, i) => `c=${c}: ${pct(ratios[i])}${vsBare(c)}`).join(', ')} | ${r.error ? 'not measured' : met ? 'met' : '**not met**'} |`,
    );
  }
  const nd = noDelayCheck();
  targetLines.push(`| chapter 4's polling worker connects with \`noDelay\` | ${nd.detail} | ${nd.met === undefined ? 'not measured' : nd.met ? 'met' : '**not met**'} |`);
  for (const r of rows) {
    const met = idleMet(r);
    targetLines.push(
      `| ${r.label}: idle latency <= ${r.backoffMs} ms backoff + ${IDLE_SLACK_MS} ms | ${r.idleMax === undefined ? 'no numbers' : `max ${ms(r.idleMax)} ms of ${r.idleSamples!.length} samples`} | ${met === undefined ? 'not measured' : met ? 'met' : '**not met**'} |`,
    );
  }

  return `# Benchmarks: what persistence costs

<!-- Generated by \`npm run bench\` (scripts/bench/main.ts). Do not edit by hand: run it again. -->

One run of \`npm run bench${o.quick ? ' -- --quick' : ''}\` on ${m.date}: every chapter's own queue code, the bare engine
under it, and the production peers a reader might pick instead, all doing the same thing: jobs whose
work is empty, so what is measured is the queue itself.

**Machine:** ${machineLine(m)}.
**Run:** ${s.jobs.toLocaleString('en-US')} no-op jobs per throughput run at concurrency ${cs.join(' and ')}, best of ${s.repeats};
latency from ${s.latencyJobs} jobs pushed at a steady ${s.latencyRate} jobs/s; idle latency from ${s.idleSamples} jobs
pushed one at a time into an idle worker; memory with a backlog of ${o.backlog.toLocaleString('en-US')} jobs.
The whole run took ${report.elapsedS.toFixed(0)} s. Run it yourself: \`npm run bench\` (or \`npm run bench -- --only 3\`,
\`--jobs 5000\`, \`--repeats 5\`, \`--quick\`). Your numbers will differ: compare rows of one run with each
other, not with another machine's.
${o.quick ? '\n> **This is a `--quick` smoke run**: a few jobs per row, every chapter at the same time. It proves each row\n> runs; its numbers compare nothing.\n' : ''}
## What each chapter row runs

- **Chapter 1**: \`createQueue\` from 01-memory/queue.ts, given a no-op worker instead of the device.
- **Chapter 2**: \`JobQueue\` from 02-leveldb/job-queue.ts with a no-op handler, on a database opened by
  02-leveldb/database.ts in a temp directory.
- **Chapter 3**: \`startWebhookWorker\` from 03-redis/webhook-worker.ts (its logger silenced), whose job is a
  POST to a receiver on loopback that answers 204 at once; jobs are pushed by a queue client built from
  03-redis/queue.ts (\`connectionOptions\`, \`webhookJob\`) the way 03-redis/producer.ts builds it. The sign-up
  route and its SQLite insert are not part of the queue and are not measured.
- **Chapter 4**: \`runConsumer\` and \`runWorker\` from 04-rabbitmq/consumer.ts and worker.ts with a no-op \`work\`;
  jobs go out on 04-rabbitmq/channel.ts's confirm channel, persistent, as 04-rabbitmq/producer.ts sends them.

## How to read it

- **jobs/s c=N**: no-op jobs pushed as fast as the producer can while consumers run with concurrency N
  (after ${s.warmupJobs} untimed warm-up jobs); jobs per second from the first job reaching its handler to the
  last; the best of ${s.repeats} runs (other work on the machine only ever slows a run down). The **jobs**
  column says how many per run: ${s.jobs.toLocaleString('en-US')}, except the in-memory rows (250 times as many: they finish
  ${s.jobs.toLocaleString('en-US')} in milliseconds) and the two rows whose job is an HTTP POST (a quarter). Producer and
  consumers share one Node process (and, here, ${m.cpus} CPUs with the servers).
- **vs base**: the row's throughput as a share of the row it is compared to: a chapter against the same
  library used bare with the same settings, a library or a peer against the bare engine.
- **p50 / p99 ms**: enqueue to handler, for jobs pushed at a steady, modest rate (one worker).
- **idle max ms**: the slowest of the idle samples: a job pushed into a worker that had nothing to do.
  The number in brackets is the backoff the queue documents for an empty queue (0: it is woken at once).
- Each concurrency gets a fresh queue (its own name or temp directory), removed afterwards; latency and
  idle latency are measured on the concurrency-1 queue after its throughput runs.

![Throughput per queue, jobs per second, log scale](${svgName})

## Throughput and latency

${tableLines(report).join('\n')}

## Memory with ${o.backlog.toLocaleString('en-US')} jobs waiting

Each row runs in its own Node process (\`scripts/bench/backlog.ts\`): the queue is filled with jobs that
nobody takes, then the process reads its own RSS after a garbage collection. "Outside the process" is
what the jobs cost where they really wait: Redis \`used_memory\` growth, RabbitMQ's queue memory, or the
LevelDB directory's size on disk.

${backlogLines(report).join('\n')}

${memoryNotes(report).join('\n')}

## Targets

From the issue that asked for this benchmark: no chapter adds overhead of its own (its throughput is at
least ${MIN_RATIO * 100}% of the same library used bare with the same settings; the share of the chapter's bare
engine is in brackets, and the library rows above explain that gap); chapter 4's polling worker sets
\`noDelay\`; and no worker sits on an idle job for longer than its documented backoff plus ${IDLE_SLACK_MS} ms.

| target | measured | |
|---|---|---|
${targetLines.join('\n')}

## Why the numbers differ

${explainRows(report).join('\n')}
`;
}
