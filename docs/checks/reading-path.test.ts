// The book reads start to finish: README -> docs/README.md -> chapters 1..4 -> choosing -> beyond one
// machine (chapter 6, a RabbitMQ cluster), each page linking the next one (in both editions), so a reader
// never has to guess where to go. The landing page also links the pages beside the path: the exercises,
// the benchmarks and troubleshooting. (Deep-dive pages hang off their chapter: see chapter-shape.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, ROOT, ZH, isExternal, links, parse, read, rel } from './markdown.ts';
import { BESIDE, PATH } from '../site/.vitepress/repo.ts';

// PATH and BESIDE are the website's lists too (its sidebar and prev/next links follow them): one order.

/** The files a page links to, resolved to absolute paths (anchors dropped). */
function linkedFiles(page: string): Set<string> {
  const out = new Set<string>();
  for (const { target } of links(parse(read(page)))) {
    if (isExternal(target)) continue;
    const file = decodeURI(target.split('#')[0] ?? '');
    if (file !== '') out.add(path.resolve(path.dirname(page), file));
  }
  return out;
}

/** Each [from, to] step of the chain; the English one starts at the top-level README. */
function steps(dir: string, entry: string | undefined): Array<[string, string, string]> {
  const pages = [...(entry ? [entry] : []), ...PATH.map((name) => path.join(dir, name))];
  return pages
    .slice(0, -1)
    .map((from, i) => [rel(from), rel(pages[i + 1] ?? ''), from] as [string, string, string]);
}

describe.each([
  ['English', DOCS, path.join(ROOT, 'README.md')],
  ['Chinese', ZH, undefined],
])('the %s reading path links each page to the next', (_edition, dir, entry) => {
  const chain = steps(dir, entry);
  it.each(chain)('%s links %s', (_from, to, from) => {
    expect(fs.existsSync(from), `${rel(from)} is missing`).toBe(true);
    const next = path.join(ROOT, to);
    expect(fs.existsSync(next), `${to} is missing`).toBe(true);
    expect([...linkedFiles(from)].map(rel), `${rel(from)} has no link to ${to}`).toContain(to);
  });

  it.each(BESIDE)('the landing page links %s', (name) => {
    const landing = path.join(dir, 'README.md');
    expect([...linkedFiles(landing)].map(rel), `${rel(landing)} has no link to ${name}`).toContain(
      rel(path.join(dir, name)),
    );
  });
});

it('the top-level README links the Chinese edition', () => {
  expect([...linkedFiles(path.join(ROOT, 'README.md'))].map(rel)).toContain('docs/zh-CN/README.md');
});
