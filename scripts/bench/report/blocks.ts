// The generated parts of the benchmark pages: numbers and verdicts only, rendered from one run's results
// in English and in Chinese. The explanations around them are written by hand on each page, once per
// edition; the bench replaces only what stands between the markers
//   <!-- bench:begin NAME --> … <!-- bench:end NAME -->
// so both editions always show the same run (docs/checks/benchmark-numbers-match.test.ts checks it).
import type { Row } from '../measure/harness.ts';
import type { Machine, Results } from './results.ts';

export type Lang = 'en' | 'zh';
export const BLOCKS = ['run', 'throughput', 'polling', 'memory', 'targets'] as const;
export type BlockName = (typeof BLOCKS)[number];

/** The idle-latency target: documented backoff plus 50 ms. */
export const IDLE_SLACK_MS = 50;
/** The overhead target: a chapter keeps at least this share of its library's throughput. */
export const MIN_RATIO = 0.9;

const int = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? '-' : Math.round(n).toLocaleString('en-US');
const ms = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(0);
const mb = (n: number | undefined | null) =>
  n === undefined || n === null || Number.isNaN(n) ? '-' : (n / 1024 / 1024).toFixed(1);
const pct = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : `${Math.round(n * 100)}%`);
const cell = (s: string) => s.replace(/\|/g, '/');
const jobs = (n: number) => `${n} job${n === 1 ? '' : 's'}`;

export function ratio(rows: Row[], row: Row, concurrency: number): number | undefined {
  const base = rows.find((r) => r.id === row.compareTo);
  const mine = row.throughput[concurrency];
  const theirs = base?.throughput[concurrency];
  return mine !== undefined && theirs ? mine / theirs : undefined;
}

export function idleMet(row: Row): boolean | undefined {
  return row.idleMax === undefined ? undefined : row.idleMax <= row.backoffMs + IDLE_SLACK_MS;
}

/** Every word the Chinese blocks need; the numbers are formatted the same way in both editions. */
const words = {
  en: {
    met: 'met',
    notMet: '**not met**',
    notMeasured: 'not measured',
    noNumbers: 'no numbers',
    kind: { bare: 'bare', library: 'library', chapter: 'chapter', peer: 'peer' } as Record<
      Row['kind'],
      string
    >,
    where: {} as Record<string, string>,
    of: (share: string, id: string) => `${share} of ${id}`,
  },
  zh: {
    met: '达到',
    notMet: '**未达到**',
    notMeasured: '未测量',
    noNumbers: '没有数字',
    kind: { bare: '裸引擎', library: '库', chapter: '章节代码', peer: '同类方案' } as Record<
      Row['kind'],
      string
    >,
    where: { 'process heap': '进程堆', 'LevelDB files': 'LevelDB 文件' } as Record<string, string>,
    of: (share: string, id: string) => (id === 'redis list' ? `Redis 列表的 ${share}` : `${id} 的 ${share}`),
  },
};

/** Row labels in Chinese. A chapter row keeps its file path; any label not listed stays as it is. */
const zhLabels: Record<string, string> = {
  'async.queue, bare (no-op worker)': 'async.queue 裸用（空的工作函数）',
  'raw LevelDB: put, batch(del+put), del': '原始 LevelDB：put、batch(del+put)、del',
  "level-jobs, used bare (via the chapter's adapter)": 'level-jobs 裸用（经本章的适配器）',
  'raw Redis list: LPUSH + BRPOPLPUSH + LREM': '原始 Redis 列表：LPUSH + BRPOPLPUSH + LREM',
  'simple-redis-safe-work-queue, used bare': 'simple-redis-safe-work-queue 裸用',
  'simple-redis-safe-work-queue + POST, chapter settings': 'simple-redis-safe-work-queue + POST，本章设置',
  'BullMQ (peer)': 'BullMQ（同类方案）',
  'bee-queue (peer)': 'bee-queue（同类方案）',
  'amqplib consume, prefetch 100, bare': 'amqplib consume，预取 100，裸用',
  'amqplib consume, prefetch = c, confirms, noDelay': 'amqplib consume，预取 = c，发布确认，noDelay',
  'amqplib get + ack loop, 1 s sleep when empty, noDelay':
    'amqplib get + 确认循环，队列空时休眠 1 s，noDelay',
  'chapter 1 (async.queue, in memory)': '第 1 章（async.queue，在内存里）',
  'chapter 2 (level-jobs, on disk)': '第 2 章（level-jobs，在磁盘上）',
  'chapter 3 (simple-redis-safe-work-queue, Redis)': '第 3 章（simple-redis-safe-work-queue，Redis）',
  'BullMQ (Redis)': 'BullMQ（Redis）',
  'chapter 4 (RabbitMQ, persistent)': '第 4 章（RabbitMQ，持久化消息）',
};
const zhParens: Record<string, string> = {
  'prefetch = c': '预取 = c',
  'polling, c workers': '轮询，c 个工作者',
};

function label(lang: Lang, english: string): string {
  if (lang === 'en') return english;
  if (zhLabels[english]) return zhLabels[english];
  // "chapter 4: 04-rabbitmq/worker.ts (polling, c workers)" -> "第 4 章：04-rabbitmq/worker.ts（轮询，c 个工作者）"
  const m = /^chapter (\d): (\S+)(?: \((.+)\))?$/.exec(english);
  if (!m) return english;
  const paren = m[3] === undefined ? '' : `（${zhParens[m[3]] ?? m[3]}）`;
  return `第 ${m[1]} 章：${m[2]}${paren}`;
}

function machineLine(lang: Lang, m: Machine): string {
  return lang === 'en'
    ? `**Machine:** ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.platform}, Redis ${m.redis}, ` +
        `RabbitMQ ${m.rabbitmq}; load average ${m.load.toFixed(1)} at the start.`
    : `**机器：** ${m.cpus} 个 CPU（${m.cpuModel}），Node ${m.node}，${m.platform}，Redis ${m.redis}，RabbitMQ ` +
        `${m.rabbitmq}；开始时的平均负载 ${m.load.toFixed(1)}。`;
}

function runBlock(lang: Lang, r: Results): string[] {
  const s = r.settings;
  const cs = s.concurrencies;
  const command = `\`npm run bench${r.quick ? ' -- --quick' : ''}\``;
  if (lang === 'en') {
    return [
      machineLine(lang, r.machine),
      `**Run:** ${command} on ${r.machine.date}: ${s.jobs.toLocaleString('en-US')} no-op jobs per ` +
        `throughput run (after ${s.warmupJobs} untimed warm-up jobs) at concurrency ${cs.join(' and ')}, ` +
        `best of ${s.repeats};`,
      `latency from ${jobs(s.latencyJobs)} pushed at a steady ${s.latencyRate} jobs/s; idle latency from ` +
        `${jobs(s.idleSamples)} pushed one at a time into an idle worker;`,
      `memory with a backlog of ${r.backlog.toLocaleString('en-US')} jobs. The whole run took ` +
        `${r.elapsedS.toFixed(0)} s.`,
      ...(r.quick
        ? [
            '',
            '> **This is a `--quick` smoke run**: a few jobs per row, every chapter at the same time. It ' +
              'proves each row',
            '> runs; its numbers compare nothing.',
          ]
        : []),
    ];
  }
  return [
    machineLine(lang, r.machine),
    `**运行：** ${r.machine.date} 的 ${command}。吞吐量：每次运行 ${s.jobs.toLocaleString('en-US')} 个空任务（先跑 ` +
      `${s.warmupJobs} 个不计时的预热任务），并发度 ${cs.join(' 和 ')}，每个并发度跑 ${s.repeats} 次，取最好的一次。`,
    `延迟：以每秒 ${s.latencyRate} 个的稳定速率推入 ${s.latencyJobs} 个任务。空闲延迟：向空闲的工作者逐个推入 ${s.idleSamples} 个任务。`,
    `内存：积压 ${r.backlog.toLocaleString('en-US')} 个任务。整个运行用时 ${r.elapsedS.toFixed(0)} s。`,
    ...(r.quick
      ? [
          '',
          '> **这是一次 `--quick` 冒烟运行**：每行只有几个任务，各章同时运行。它只证明每一行都能跑通，数字不能拿来比较。',
        ]
      : []),
  ];
}

function throughputBlock(lang: Lang, r: Results): string[] {
  const w = words[lang];
  const cs = r.settings.concurrencies;
  const head =
    lang === 'en'
      ? [
          'case',
          'kind',
          'jobs',
          ...cs.map((c) => `jobs/s c=${c}`),
          ...cs.map((c) => `vs base c=${c}`),
          'p50 ms',
          'p99 ms',
          'idle max ms (backoff)',
        ]
      : [
          '用例',
          '类型',
          '任务数',
          ...cs.map((c) => `每秒任务数 c=${c}`),
          ...cs.map((c) => `相对基准 c=${c}`),
          'p50 ms',
          'p99 ms',
          '空闲时最长 ms（退避）',
        ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const row of r.rows) {
    const start = `| ${label(lang, row.label)} | ${w.kind[row.kind]} | ${int(row.jobs)} |`;
    if (row.error) {
      lines.push(
        `${start} ${cs.map(() => '-').join(' | ')} | ${cs.map(() => '-').join(' | ')} | - | - | ` +
          `${w.noNumbers}: ${cell(row.error)} |`,
      );
      continue;
    }
    const shares = cs.map((c) => (row.compareTo ? w.of(pct(ratio(r.rows, row, c)), row.compareTo) : ''));
    lines.push(
      `${start} ${cs.map((c) => int(row.throughput[c])).join(' | ')} | ${shares.join(' | ')} | ` +
        `${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.idleMax)} (${row.backoffMs}) |`,
    );
  }
  return lines;
}

function memoryBlock(lang: Lang, r: Results): string[] {
  const w = words[lang];
  const head =
    lang === 'en'
      ? [
          'queue',
          'jobs wait in',
          'jobs held',
          'pushed in s',
          'RSS before MB',
          'RSS with backlog MB',
          'RSS growth MB',
          'heap growth MB',
          'heap bytes per job',
          'outside the process MB',
        ]
      : [
          '队列',
          '任务在哪里等待',
          '积压的任务',
          '推入用时 s',
          '之前的 RSS MB',
          '有积压时的 RSS MB',
          'RSS 增长 MB',
          '堆增长 MB',
          '每个任务占堆字节',
          '进程之外 MB',
        ];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|---|---|${head
      .slice(2)
      .map(() => '---:')
      .join('|')}|`,
  ];
  for (const b of r.backlogRows) {
    const start = `| ${label(lang, b.label)} | ${w.where[b.where] ?? b.where} |`;
    if (b.error) {
      lines.push(
        `${start} ${head
          .slice(2, -1)
          .map(() => '-')
          .join(' | ')} | ${w.noNumbers}: ${cell(b.error)} |`,
      );
      continue;
    }
    const growth =
      b.rssAfter !== undefined && b.rssBefore !== undefined ? b.rssAfter - b.rssBefore : undefined;
    const perJob = b.heapGrowth === undefined ? undefined : b.heapGrowth / b.jobs;
    lines.push(
      `${start} ${int(b.held)} | ${b.fillMs === undefined ? '-' : (b.fillMs / 1000).toFixed(1)} | ` +
        `${mb(b.rssBefore)} | ${mb(b.rssAfter)} | ${mb(growth)} | ${mb(b.heapGrowth)} | ${int(perJob)} | ` +
        `${mb(b.outside)} |`,
    );
  }
  return lines;
}

/** A remark in brackets: " (…)" in English, "（…）" in Chinese. */
const paren = (lang: Lang, text: string) => (lang === 'en' ? ` (${text})` : `（${text}）`);

function verdict(lang: Lang, met: boolean | undefined): string {
  const w = words[lang];
  return met === undefined ? w.notMeasured : met ? w.met : w.notMet;
}

function targetsBlock(lang: Lang, r: Results): string[] {
  const w = words[lang];
  const cs = r.settings.concurrencies;
  const rows = r.rows;
  const head = lang === 'en' ? ['target', 'measured', ''] : ['目标', '测得', ''];
  const lines = [`| ${head.join(' | ')} |`, '|---|---|---|'];
  for (const row of rows.filter((x) => x.kind === 'chapter')) {
    const ratios = cs.map((c) => ratio(rows, row, c));
    const met = row.error ? undefined : ratios.every((x) => x !== undefined && x >= MIN_RATIO);
    // Also against the bare engine of the chapter's group, so the whole chain reads in one line.
    const bare = rows.find((b) => b.chapter === row.chapter && b.kind === 'bare' && !b.error);
    const vsBare = (c: number) =>
      bare && bare.id !== row.compareTo && row.throughput[c] && bare.throughput[c]
        ? paren(lang, w.of(pct(row.throughput[c]! / bare.throughput[c]!), bare.id))
        : '';
    const target =
      lang === 'en'
        ? `${row.label} >= ${MIN_RATIO * 100}% of ${row.compareTo}`
        : `${label(lang, row.label)} ≥ ${w.of(`${MIN_RATIO * 100}%`, row.compareTo!)}`;
    const measured = row.error
      ? w.noNumbers
      : cs
          .map((c, i) => `c=${c}${lang === 'en' ? ': ' : '：'}${pct(ratios[i])}${vsBare(c)}`)
          .join(lang === 'en' ? ', ' : '，');
    lines.push(`| ${target} | ${measured} | ${verdict(lang, met)} |`);
  }
  for (const row of rows) {
    const target =
      lang === 'en'
        ? `${row.label}: idle latency <= ${row.backoffMs} ms backoff + ${IDLE_SLACK_MS} ms`
        : `${label(lang, row.label)}：空闲延迟 ≤ 退避 ${row.backoffMs} ms + ${IDLE_SLACK_MS} ms`;
    const samples = r.settings.idleSamples;
    const measured =
      row.idleMax === undefined
        ? w.noNumbers
        : lang === 'en'
          ? `max ${ms(row.idleMax)} ms of ${samples} samples`
          : `${samples} 个样本中最长 ${ms(row.idleMax)} ms`;
    lines.push(`| ${target} | ${measured} | ${verdict(lang, idleMet(row))} |`);
  }
  return lines;
}

/** Chapter 4's polling worker next to its consumer: the same jobs, the difference is an empty queue. */
function pollingBlock(lang: Lang, r: Results): string[] {
  const worker = r.rows.find((x) => x.id === 'ch4 worker' && !x.error);
  const consumer = r.rows.find((x) => x.id === 'ch4 consumer' && !x.error);
  if (!worker || !consumer) return [lang === 'en' ? '(not measured in this run)' : '（这次运行没有测）'];
  const cs = r.settings.concurrencies;
  const head =
    lang === 'en'
      ? ['', 'polling worker', 'consumer', 'worker / consumer']
      : ['', '轮询的工作者', '消费者', '工作者 / 消费者'];
  const lines = [`| ${head.join(' | ')} |`, '|---|---:|---:|---:|'];
  for (const c of cs) {
    const share = pct((worker.throughput[c] ?? NaN) / (consumer.throughput[c] ?? NaN));
    lines.push(
      `| ${lang === 'en' ? `jobs/s c=${c}` : `每秒任务数 c=${c}`} | ${int(worker.throughput[c])} | ` +
        `${int(consumer.throughput[c])} | ${share} |`,
    );
  }
  lines.push(
    `| ${lang === 'en' ? 'idle max ms' : '空闲时最长 ms'} | ${ms(worker.idleMax)} | ${ms(consumer.idleMax)} | |`,
  );
  const rate = r.settings.latencyRate;
  const p50 = lang === 'en' ? `p50 ms at ${rate} jobs/s` : `每秒 ${rate} 个任务时的 p50 ms`;
  lines.push(`| ${p50} | ${ms(worker.p50)} | ${ms(consumer.p50)} | |`);
  return lines;
}

const renderers: Record<BlockName, (lang: Lang, r: Results) => string[]> = {
  run: runBlock,
  throughput: throughputBlock,
  memory: memoryBlock,
  targets: targetsBlock,
  polling: pollingBlock,
};

export function renderBlocks(results: Results, lang: Lang): Record<BlockName, string> {
  return Object.fromEntries(
    BLOCKS.map((name) => [name, renderers[name](lang, results).join('\n')]),
  ) as Record<BlockName, string>;
}

const BLOCK = /<!-- bench:begin (\S+) -->\n([\s\S]*?)\n?<!-- bench:end \1 -->/g;

/** The generated blocks a page holds now, by name, in page order. */
export function pageBlocks(page: string): Map<string, string> {
  return new Map(Array.from(page.matchAll(BLOCK), (m) => [m[1]!, m[2]!]));
}

/** The page with each block's content replaced; a block the page lacks is an error, not a silent skip. */
export function fillBlocks(page: string, blocks: Record<BlockName, string>, pageName: string): string {
  const present = pageBlocks(page);
  const missing = BLOCKS.filter((name) => !present.has(name));
  if (missing.length)
    throw new Error(
      `${pageName} has no <!-- bench:begin ${missing[0]} --> … <!-- bench:end ${missing[0]} --> block ` +
        `(missing: ${missing.join(', ')})`,
    );
  return page.replace(BLOCK, (whole, name: string) =>
    name in blocks
      ? `<!-- bench:begin ${name} -->\n${blocks[name as BlockName]}\n<!-- bench:end ${name} -->`
      : whole,
  );
}
