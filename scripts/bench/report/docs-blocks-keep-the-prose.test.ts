// --write-docs replaces only what stands between a page's bench markers: the explanations around them,
// written by hand in each edition, stay as they are; a page missing a block is an error, not a skip.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLOCKS, fillBlocks, pageBlocks, renderBlocks, type BlockName } from './blocks.ts';
import type { Results } from './results.ts';

const results = JSON.parse(
  readFileSync(new URL('../../../docs/benchmarks.json', import.meta.url), 'utf8'),
) as Results;
const page = (content: (name: BlockName) => string) =>
  `${BLOCKS.map(
    (name) =>
      `Prose before ${name}, by hand.\n\n<!-- bench:begin ${name} -->\n${content(name)}\n<!-- bench:end ` +
      `${name} -->\n`,
  ).join('\n')}\nThe end.\n`;

describe('the bench blocks of a docs page', () => {
  it('are replaced by the run, and nothing else on the page changes', () => {
    const rendered = renderBlocks(results, 'zh');
    const filled = fillBlocks(
      page(() => 'an older run'),
      rendered,
      'page.md',
    );
    expect(filled).toBe(page((name) => rendered[name]));
    expect(Object.fromEntries(pageBlocks(filled))).toEqual(rendered);
  });

  it('must all be on the page', () => {
    const withoutSummary = page(() => 'x').replace(
      /<!-- bench:begin summary -->[\s\S]*<!-- bench:end summary -->/,
      '',
    );
    expect(() => fillBlocks(withoutSummary, renderBlocks(results, 'en'), 'page.md')).toThrow(
      'page.md has no <!-- bench:begin summary -->',
    );
  });
});
