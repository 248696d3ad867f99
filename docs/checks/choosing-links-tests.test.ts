// docs/05-choosing.md backs every "yes" with a test: each test file it links exists, and each "yes" cell
// of its table links at least one. (The Chinese edition's "是" cells follow the same rule.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, ZH, isExternal, links, parse, read, rel } from './markdown.ts';

function tableCells(page: string): Array<{ line: number; text: string }> {
  const cells: Array<{ line: number; text: string }> = [];
  for (const { line, text } of parse(read(page)).prose) {
    if (!text.trim().startsWith('|') || /^\|[\s|:-]+\|$/.test(text.trim())) continue;
    for (const cell of text.trim().slice(1, -1).split('|')) cells.push({ line, text: cell.trim() });
  }
  return cells;
}

describe.each([
  ['English', path.join(DOCS, '05-choosing.md'), /^yes\b/i],
  ['Chinese', path.join(ZH, '05-choosing.md'), /^是/],
])('%s 05-choosing.md', (_edition, page, yes) => {
  it('exists', () => {
    expect(fs.existsSync(page), `${rel(page)} is missing`).toBe(true);
  });

  it('links only test files that exist, and at least ten of them', () => {
    const tests = links(parse(read(page)))
      .filter(({ target }) => !isExternal(target) && /\.test\.ts(#.*)?$/.test(target))
      .map(({ line, target }) => ({ line, file: path.resolve(path.dirname(page), target.split('#')[0] ?? '') }));
    const missing = tests.filter((t) => !fs.existsSync(t.file)).map((t) => `${rel(page)}:${t.line} -> ${rel(t.file)}`);
    expect(missing, `linked test files that do not exist:\n${missing.join('\n')}`).toEqual([]);
    expect(new Set(tests.map((t) => t.file)).size).toBeGreaterThanOrEqual(10);
  });

  it('backs every "yes" in its table with a linked test', () => {
    const unproven = tableCells(page)
      .filter((c) => yes.test(c.text) && !/\]\([^)]*\.test\.ts\)/.test(c.text))
      .map((c) => `${rel(page)}:${c.line}: ${c.text}`);
    expect(unproven, `"yes" cells without a test link (write "untested" instead):\n${unproven.join('\n')}`).toEqual([]);
  });
});
