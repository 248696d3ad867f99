// The generated parts of the benchmark pages: numbers only, rendered from one run's results (and the
// second run's, for the spread) in English and in Chinese. The explanations around them are written by
// hand on each page, once per edition; the bench replaces only what stands between the markers
//   <!-- bench:begin NAME --> … <!-- bench:end NAME -->
// so both editions always show the same run (docs/checks/benchmark-numbers-match.test.ts checks it).
import type { Row } from '../measure/harness.ts';
import type { BacklogRow, Machine, Results } from './results.ts';

export type Lang = 'en' | 'zh';
/** The blocks in page order: the short answer first, then the full tables and the method. */
export const BLOCKS = ['summary', 'steps', 'spread', 'throughput', 'memory', 'run'] as const;
export type BlockName = (typeof BLOCKS)[number];

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

/** Every word the Chinese blocks need; the numbers are formatted the same way in both editions. */
const words = {
  en: {
    noNumbers: 'no numbers',
    kind: { bare: 'bare', library: 'library', chapter: 'chapter', peer: 'peer' } as Record<
      Row['kind'],
      string
    >,
    where: {} as Record<string, string>,
    of: (share: string, id: string) => `${share} of ${id}`,
  },
  zh: {
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
  'polling, c workers': '轮询，c 个工作进程',
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
    ? `**Machine:** ${m.cpus} CPU cores (${m.cpuModel}), Node.js ${m.node}, ${m.platform}, ` +
        `Redis ${m.redis}, RabbitMQ ${m.rabbitmq}.`
    : `**机器：** ${m.cpus} 个 CPU 核（${m.cpuModel}），Node.js ${m.node}，${m.platform}，Redis ${m.redis}，` +
        `RabbitMQ ${m.rabbitmq}。`;
}

function runBlock(lang: Lang, r: Results): string[] {
  const s = r.settings;
  const cs = s.concurrencies;
  const n = (x: number) => x.toLocaleString('en-US');
  const second = r.secondRun;
  if (lang === 'en') {
    const command = r.quick ? '`npm run bench -- --quick`' : '`npm run bench`';
    const runs = second
      ? `two full runs of ${command} on ${r.machine.date}, one right after the other ` +
        `(${r.elapsedS.toFixed(0)} s and ${second.elapsedS.toFixed(0)} s; load average ` +
        `${r.machine.load.toFixed(1)} and ${second.machine.load.toFixed(1)} at their starts). The tables ` +
        'show the first run; the second measures the spread.'
      : `${command} on ${r.machine.date} (${r.elapsedS.toFixed(0)} s; load average ` +
        `${r.machine.load.toFixed(1)} at the start).`;
    return [
      machineLine(lang, r.machine),
      '',
      `**Runs:** ${runs}`,
      '',
      `**Settings:** ${n(s.jobs)} no-op jobs per throughput run (after ${s.warmupJobs} untimed warm-up ` +
        `jobs) at concurrency ${cs.join(' and ')}, best of ${s.repeats}; latency from ` +
        `${jobs(s.latencyJobs)} pushed at a steady ${s.latencyRate} jobs/s; idle latency from ` +
        `${jobs(s.idleSamples)} pushed one at a time into an idle worker; memory with a backlog of ` +
        `${n(r.backlog)} jobs.`,
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
  const command = r.quick ? '`npm run bench -- --quick`' : '`npm run bench`';
  const runs = second
    ? `${r.machine.date} 连续两次完整运行 ${command}（分别用时 ${r.elapsedS.toFixed(0)} s 和 ` +
      `${second.elapsedS.toFixed(0)} s，开始时的平均负载分别为 ${r.machine.load.toFixed(1)} 和 ` +
      `${second.machine.load.toFixed(1)}）。表格显示第一次的结果，第二次用来衡量波动。`
    : `${r.machine.date} 运行 ${command}（用时 ${r.elapsedS.toFixed(0)} s，开始时的平均负载 ` +
      `${r.machine.load.toFixed(1)}）。`;
  return [
    machineLine(lang, r.machine),
    '',
    `**运行：** ${runs}`,
    '',
    `**设置：** 吞吐量每次运行 ${n(s.jobs)} 个空任务（先跑 ${s.warmupJobs} 个不计时的预热任务），并发度 ` +
      `${cs.join(' 和 ')}，取 ${s.repeats} 次中最好的一次。延迟：以每秒 ${s.latencyRate} 个的稳定速率推入 ` +
      `${s.latencyJobs} 个任务。空闲延迟：向空闲的工作进程逐个推入 ${s.idleSamples} 个任务。内存：积压 ` +
      `${n(r.backlog)} 个任务。`,
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

/** A share as a percentage; below 10%, two significant digits (0.28%), so a small share is not 0%. */
function share(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '-';
  return x >= 0.1 ? `${Math.round(x * 100)}%` : `${Number((x * 100).toPrecision(2))}%`;
}

/** The rows of the short table: each chapter's queue, and BullMQ; `backlog`: its memory row. */
const SUMMARY: Array<{ row: string; backlog: string; en: string; zh: string }> = [
  { row: 'ch1', backlog: 'ch1', en: 'chapter 1, in memory', zh: '第 1 章，内存' },
  { row: 'ch2', backlog: 'ch2', en: 'chapter 2, on disk (LevelDB)', zh: '第 2 章，磁盘（LevelDB）' },
  {
    row: 'srswq',
    backlog: 'ch3',
    en: "chapter 3's queue, shared through Redis",
    zh: '第 3 章的队列，经 Redis 共享',
  },
  {
    row: 'ch3',
    backlog: 'ch3',
    en: 'chapter 3 with its work (a POST per job)',
    zh: '第 3 章连同它的工作（每个任务一次 POST）',
  },
  {
    row: 'ch4 consumer',
    backlog: 'ch4',
    en: 'chapter 4, a broker (RabbitMQ), consumer',
    zh: '第 4 章，消息代理（RabbitMQ），消费者',
  },
  {
    row: 'ch4 worker',
    backlog: 'ch4',
    en: 'chapter 4, polling worker',
    zh: '第 4 章，轮询的工作进程',
  },
  { row: 'BullMQ', backlog: 'BullMQ', en: 'BullMQ (Redis)', zh: 'BullMQ（Redis）' },
];

/** Where a backlog's jobs take memory: the process heap (RSS growth) or where they wait outside it. */
function backlogMemory(lang: Lang, b: BacklogRow | undefined): string {
  if (!b || b.error) return '-';
  const where = words[lang].where[b.where] ?? b.where;
  const bytes =
    b.where === 'process heap'
      ? b.rssAfter !== undefined && b.rssBefore !== undefined
        ? b.rssAfter - b.rssBefore
        : undefined
      : (b.outside ?? undefined);
  return `${mb(bytes)} MB${paren(lang, where)}`;
}

/** A remark in brackets: " (…)" in English, "（…）" in Chinese. */
const paren = (lang: Lang, text: string) => (lang === 'en' ? ` (${text})` : `（${text}）`);

function summaryBlock(lang: Lang, r: Results): string[] {
  const cs = r.settings.concurrencies;
  const backlog = r.backlog.toLocaleString('en-US');
  const head =
    lang === 'en'
      ? ['queue', ...cs.map((c) => `jobs/s c=${c}`), 'p50 ms', 'p99 ms', `memory, ${backlog} jobs waiting`]
      : ['队列', ...cs.map((c) => `每秒任务数 c=${c}`), 'p50 ms', 'p99 ms', `积压 ${backlog} 个任务时的内存`];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|---|${head
      .slice(1)
      .map(() => '---:')
      .join('|')}|`,
  ];
  for (const item of SUMMARY) {
    const row = r.rows.find((x) => x.id === item.row);
    if (!row) continue;
    const b = r.backlogRows.find((x) => x.id === item.backlog);
    const numbers = row.error
      ? [...cs.map(() => '-'), '-', '-']
      : [...cs.map((c) => int(row.throughput[c])), ms(row.p50), ms(row.p99)];
    lines.push(`| ${item[lang]} | ${numbers.join(' | ')} | ${backlogMemory(lang, b)} |`);
  }
  return lines;
}

/** Each step of the book against the step before it and against BullMQ, at the highest concurrency. */
const STEPS: Array<{ row: string; before: string; en: string; zh: string }> = [
  {
    row: 'ch2',
    before: 'ch1',
    en: '**Persistence**: chapter 2 against chapter 1',
    zh: '**持久化**：第 2 章对比第 1 章',
  },
  {
    row: 'srswq',
    before: 'ch2',
    en: "**Sharing**: chapter 3's queue against chapter 2",
    zh: '**共享**：第 3 章的队列对比第 2 章',
  },
  {
    row: 'ch4 consumer',
    before: 'srswq',
    en: "**A broker**: chapter 4's consumer against chapter 3's queue",
    zh: '**消息代理**：第 4 章的消费者对比第 3 章的队列',
  },
];

function stepsBlock(lang: Lang, r: Results): string[] {
  const c = Math.max(...r.settings.concurrencies);
  const rate = (id: string) => {
    const row = r.rows.find((x) => x.id === id && !x.error);
    return row?.throughput[c];
  };
  const bull = rate('BullMQ');
  return STEPS.map((step) => {
    const mine = rate(step.row);
    const before = rate(step.before);
    const vsBefore = mine !== undefined && before ? share(mine / before) : '-';
    const vsBull = mine !== undefined && bull ? share(mine / bull) : '-';
    return lang === 'en'
      ? `- ${step.en}: ${vsBefore} of the throughput at c=${c} (${int(mine)} against ${int(before)} ` +
          `jobs/s); ${vsBull} of BullMQ's (${int(bull)}).`
      : `- ${step.zh}：c=${c} 时吞吐量是前一步的 ${vsBefore}（每秒 ${int(mine)} 对 ${int(before)} 个任务），` +
          `是 BullMQ 的 ${vsBull}（${int(bull)}）。`;
  });
}

/** The rows whose two runs the spread block shows side by side, with the ratio each chapter is read by. */
const SPREAD_PAIRS: Array<[chapter: string, baseline: string]> = [
  ['ch2', 'level-jobs'],
  ['ch3', 'srswq+POST'],
];

function spreadBlock(lang: Lang, r: Results): string[] {
  const second = r.secondRun;
  if (!second)
    return [lang === 'en' ? '(one run only: no spread measured)' : '（只有一次运行，没有衡量波动）'];
  const cs = r.settings.concurrencies;
  // How far each row's throughput moved from the first run to the second, at every concurrency.
  const moves: Array<{ id: string; c: number; move: number }> = [];
  for (const a of r.rows) {
    const b = second.rows.find((x) => x.id === a.id);
    if (!b || a.error || b.error) continue;
    for (const c of cs) {
      const x = a.throughput[c];
      const y = b.throughput[c];
      if (x && y) moves.push({ id: a.id, c, move: Math.abs(y - x) / x });
    }
  }
  moves.sort((p, q) => p.move - q.move);
  const median = moves.length ? moves[Math.floor((moves.length - 1) / 2)]!.move : NaN;
  const worst = moves.at(-1);
  const worstId = `\`${worst?.id}\``;
  const summary =
    lang === 'en'
      ? `Between the two runs, a row's throughput moved by ${share(median)} (the median over every row and ` +
        `concurrency), and by up to ${share(worst?.move)} (${worstId}, c=${worst?.c}).`
      : `两次运行之间，一行的吞吐量变动的中位数是 ${share(median)}（所有行、所有并发度），最大 ` +
        `${share(worst?.move)}（${worstId}，c=${worst?.c}）。`;
  const head =
    lang === 'en'
      ? ['', ...cs.flatMap((c) => [`run 1, c=${c}`, `run 2, c=${c}`])]
      : ['', ...cs.flatMap((c) => [`第 1 次，c=${c}`, `第 2 次，c=${c}`])];
  const lines = [
    summary,
    '',
    `| ${head.join(' | ')} |`,
    `|---|${head
      .slice(1)
      .map(() => '---:')
      .join('|')}|`,
  ];
  const rowOf = (rows: Row[], id: string) => rows.find((x) => x.id === id && !x.error);
  for (const [chapter, baseline] of SPREAD_PAIRS) {
    for (const id of [chapter, baseline]) {
      const cells = cs.flatMap((c) =>
        [rowOf(r.rows, id), rowOf(second.rows, id)].map((x) => int(x?.throughput[c])),
      );
      lines.push(`| \`${id}\` ${lang === 'en' ? 'jobs/s' : '每秒任务数'} | ${cells.join(' | ')} |`);
    }
    const ratioCells = cs.flatMap((c) =>
      [r.rows, second.rows].map((rows) => {
        const mine = rowOf(rows, chapter)?.throughput[c];
        const theirs = rowOf(rows, baseline)?.throughput[c];
        return mine !== undefined && theirs ? pct(mine / theirs) : '-';
      }),
    );
    lines.push(`| \`${chapter}\` / \`${baseline}\` | ${ratioCells.join(' | ')} |`);
  }
  return lines;
}

const renderers: Record<BlockName, (lang: Lang, r: Results) => string[]> = {
  summary: summaryBlock,
  steps: stepsBlock,
  spread: spreadBlock,
  throughput: throughputBlock,
  memory: memoryBlock,
  run: runBlock,
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
