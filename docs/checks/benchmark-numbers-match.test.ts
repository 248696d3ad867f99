// Both editions of the benchmark page show the same run: the one in docs/benchmarks.json, which a full
// `npm run bench -- --write-docs` writes. Every generated block on each page (between
// <!-- bench:begin NAME --> and <!-- bench:end NAME -->) must be exactly what that file renders, and the
// chart too; so a hand edit, a page left at an older run, or an edition that drifted fails here.
// The fix is never to edit the numbers: run `npx tsx scripts/bench/report/render-docs.ts` (or the full
// bench).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLOCKS, pageBlocks, renderBlocks } from '../../scripts/bench/report/blocks.ts';
import { renderChart } from '../../scripts/bench/report/chart.ts';
import { DOCS_CHART, DOCS_PAGES } from '../../scripts/bench/report/render-docs.ts';
import { DOCS_RESULTS, type Results } from '../../scripts/bench/report/results.ts';

const results = JSON.parse(readFileSync(DOCS_RESULTS, 'utf8')) as Results;
const FIX = 'run `npx tsx scripts/bench/report/render-docs.ts` to render docs/benchmarks.json into the pages';

/**
 * The numbers of a block, whatever the language around them (sorted: a sentence may order them differently).
 */
const numbers = (text: string) => (text.match(/\d+(?:[.,]\d+)*/g) ?? []).sort();

describe('the benchmark pages show the run in docs/benchmarks.json', () => {
  it('is a full run, never a --quick one', () => {
    expect(results.quick, 'docs/benchmarks.json holds a --quick run: its numbers compare nothing').toBe(
      false,
    );
    expect(
      results.rows.filter((r) => r.error).map((r) => r.label),
      'rows without numbers in docs/benchmarks.json',
    ).toEqual([]);
  });

  it.each(DOCS_PAGES)(
    '$file: every generated block is what docs/benchmarks.json renders',
    ({ file, lang }) => {
      const onPage = pageBlocks(readFileSync(file, 'utf8'));
      expect([...onPage.keys()], `${file}: the bench blocks, in order`).toEqual([...BLOCKS]);
      const rendered = renderBlocks(results, lang);
      for (const name of BLOCKS)
        expect(onPage.get(name), `${file}, block "${name}" differs from docs/benchmarks.json: ${FIX}`).toBe(
          rendered[name],
        );
    },
  );

  it('both editions show the same numbers, block by block', () => {
    const [en, zh] = DOCS_PAGES.map(({ file }) => pageBlocks(readFileSync(file, 'utf8')));
    for (const name of BLOCKS) {
      expect(
        numbers(zh!.get(name) ?? ''),
        `block "${name}": the Chinese page's numbers differ from the English page's: ${FIX}`,
      ).toEqual(numbers(en!.get(name) ?? ''));
    }
  });

  it('the chart is drawn from the same run', () => {
    expect(
      readFileSync(DOCS_CHART, 'utf8') === renderChart(results.rows, results.settings.concurrencies),
      `${DOCS_CHART} is not drawn from docs/benchmarks.json: ${FIX}`,
    ).toBe(true);
  });
});
