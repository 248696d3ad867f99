// Writes one run into the docs: docs/benchmarks.json (the numbers), the chart, and the generated blocks of
// both editions of the benchmark page; everything outside the blocks is hand-written and left alone.
//   npm run bench -- --write-docs    two full runs, then this
//   npx tsx scripts/bench/report/render-docs.ts
//       only this, from the committed docs/benchmarks.json (after editing the renderer or the pages)
//   npx tsx scripts/bench/report/render-docs.ts FIRST.json SECOND.json
//       two runs kept in bench-results/ (docs-run-1.json, docs-run-2.json) into docs/benchmarks.json
import { readFile, writeFile } from 'node:fs/promises';
import { isMain } from '../../../common/process.ts';
import { fillBlocks, renderBlocks, type Lang } from './blocks.ts';
import { renderChart } from './chart.ts';
import { DOCS_RESULTS, readResults, withSecondRun, writeResults, type Results } from './results.ts';

/** Each edition of the page and the language of its blocks. */
export const DOCS_PAGES: Array<{ file: string; lang: Lang }> = [
  { file: 'docs/benchmarks.md', lang: 'en' },
  { file: 'docs/zh-CN/benchmarks.md', lang: 'zh' },
];
export const DOCS_CHART = 'docs/benchmarks.svg';

/** Renders `results` into the pages and the chart; with `save`, also writes them as docs/benchmarks.json. */
export async function writeDocs(results: Results, { save }: { save: boolean }): Promise<string[]> {
  if (results.quick) throw new Error('a --quick run never goes into the docs: its numbers compare nothing');
  if (save) await writeResults(DOCS_RESULTS, results);
  await writeFile(DOCS_CHART, renderChart(results.rows, results.settings.concurrencies));
  for (const { file, lang } of DOCS_PAGES) {
    const page = await readFile(file, 'utf8');
    await writeFile(file, fillBlocks(page, renderBlocks(results, lang), file));
  }
  return [...(save ? [DOCS_RESULTS] : []), DOCS_CHART, ...DOCS_PAGES.map((p) => p.file)];
}

if (isMain(import.meta.url)) {
  const [first, second] = process.argv.slice(2);
  if (first && second) {
    const written = await writeDocs(withSecondRun(await readResults(first), await readResults(second)), {
      save: true,
    });
    console.log(`Rendered ${first} and ${second} into ${written.join(', ')}.`);
  } else {
    const written = await writeDocs(await readResults(DOCS_RESULTS), { save: false });
    console.log(`Rendered ${DOCS_RESULTS} into ${written.join(', ')}.`);
  }
}
