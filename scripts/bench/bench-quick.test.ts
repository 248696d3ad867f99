// The benchmark's smoke test (CI runs it with every test): `npm run bench -- --quick` runs to the end,
// every row of both tables has numbers, and the report and chart are written where --out says, never
// over docs/benchmarks.md. No timing assertions: how fast is the benchmark's business, not the test's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { requireRabbitMQ, requireRedis } from '../../common/servers.ts';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';

describe('npm run bench -- --quick', () => {
  let temp: { dir: string; remove(): Promise<void> };
  beforeAll(async () => {
    await requireRedis();
    await requireRabbitMQ();
    temp = await makeTempDir('bench-quick-');
  });
  afterAll(() => temp?.remove());

  // About 13 s alone; inside the full suite it shares 2 cores with every other test file, hence the room.
  it('measures every row and writes the report and chart to --out', { timeout: 120_000 }, async () => {
    const out = `${temp.dir}/benchmarks.md`;
    const run = await runScript(new URL('./main.ts', import.meta.url), { args: ['--quick', '--out', out], timeoutMs: 110_000 });
    expect(run.output).not.toMatch(/FAILED|no numbers/);
    expect(run.code, run.output).toBe(0);

    const md = await readFile(out, 'utf8');
    const cellsOf = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
    const lines = md.split('\n');
    // The throughput table: every row's jobs/s, p50, p99 and idle latency are numbers, none "-".
    const header = cellsOf(lines.find((l) => l.startsWith('| case |'))!);
    const numeric = header.map((h, i) => (/^(jobs\/s|p50|p99|idle)/.test(h) ? i : -1)).filter((i) => i >= 0);
    expect(numeric.length).toBe(5); // jobs/s c=1, jobs/s c=10, p50, p99, idle
    const rows = lines.filter((l) => / \| (bare|library|chapter|peer) \| /.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(16);
    for (const row of rows) {
      const cells = cellsOf(row);
      for (const i of numeric) expect(cells[i]!.split(' ')[0], `${header[i]} in: ${row}`).toMatch(/^[\d,.]+$/);
    }
    // The memory table: one row per chapter (and BullMQ), each with its RSS.
    const memoryHeader = cellsOf(lines.find((l) => l.startsWith('| queue |'))!);
    const rss = memoryHeader.indexOf('RSS with backlog MB');
    const memoryRows = lines.filter((l) => /^\| (chapter \d|BullMQ)/.test(l) && / \| (process heap|LevelDB files|Redis|RabbitMQ) \| /.test(l));
    expect(memoryRows.length).toBe(5);
    for (const row of memoryRows) expect(cellsOf(row)[rss], row).toMatch(/^[\d.]+$/);
    expect(md).toContain('![Throughput per queue');
    const svg = await readFile(out.replace(/\.md$/, '.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml[^]*<svg[^]*<\/svg>\s*$/);
  });
});
