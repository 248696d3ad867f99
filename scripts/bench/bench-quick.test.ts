// The benchmark's smoke test (CI runs it with every test): `npm run bench -- --quick` runs to the end,
// every row of both tables has numbers, and the report and chart are written where --out says, never
// over docs/benchmarks.md. No timing assertions: how fast is the benchmark's business, not the test's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { requireRabbitMQ, requireRedis } from '../../common/servers.ts';
import { runScript } from '../../common/testing/child.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';

describe('npm run bench -- --quick', () => {
  let temp: { dir: string; remove(): Promise<void> };
  beforeAll(async () => {
    await requireRedis();
    await requireRabbitMQ();
    temp = await makeTempDir('bench-quick-');
  });
  afterAll(() => temp?.remove());

  it('measures every row and writes the report and chart to --out', async () => {
    const out = `${temp.dir}/benchmarks.md`;
    const run = await runScript(new URL('./main.ts', import.meta.url), { args: ['--quick', '--out', out], timeoutMs: 60_000 });
    expect(run.output).not.toMatch(/FAILED|no numbers/);
    expect(run.code, run.output).toBe(0);

    const md = await readFile(out, 'utf8');
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| case') && !l.startsWith('| queue') && !l.startsWith('| target'));
    const throughputRows = rows.filter((l) => / \| (bare|library|chapter|peer) \| /.test(l));
    expect(throughputRows.length).toBeGreaterThanOrEqual(8);
    for (const row of throughputRows) {
      // jobs/s at c=1 and c=10, p50, p99, idle: all numbers, none "-".
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      const numbers = [cells[2], cells[3], cells[6], cells[7], cells[8]!.split(' ')[0]];
      for (const n of numbers) expect(n, row).toMatch(/^[\d,.]+$/);
    }
    expect(md).toContain('![Throughput per queue');
    const svg = await readFile(out.replace(/\.md$/, '.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml[^]*<svg[^]*<\/svg>\s*$/);
  });
});
