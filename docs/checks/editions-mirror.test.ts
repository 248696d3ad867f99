// The Chinese edition mirrors the English one: the same pages, the same headings (count and level, in
// order), the same number of paragraphs under each heading (so a paragraph only one edition has, such as
// a note added to the Chinese page alone, shows up), the same fenced blocks in the same order, the same
// code excerpts, unchanged, and links to the same files and URLs (so a test row or a link added to an
// English page shows up as missing here).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DOCS,
  ZH,
  editionPages,
  excerpts,
  headings,
  isExternal,
  links,
  parse,
  read,
  rel,
} from './markdown.ts';

/** What a page links to: URLs as written, local targets as repository paths (a Chinese page's links to
 * its sibling pages are mapped to the English siblings, so both editions can be compared). */
function linkTargets(page: string): string[] {
  const out = new Set<string>();
  for (const { target } of links(parse(read(page)))) {
    if (isExternal(target)) {
      out.add(target);
      continue;
    }
    const file = decodeURI(target.split('#')[0] ?? '');
    const abs = file === '' ? page : path.resolve(path.dirname(page), file);
    out.add(rel(abs.startsWith(ZH + path.sep) ? path.join(DOCS, path.relative(ZH, abs)) : abs));
  }
  return [...out].sort();
}

/** For each heading (and the text before the first), how many paragraphs, lists and tables follow it. */
export function paragraphsPerSection(markdown: string): number[] {
  const counts = [0];
  let inBlock = false;
  for (const { text } of parse(markdown).prose) {
    if (/^ {0,3}#{1,6}\s/.test(text)) {
      counts.push(0);
      inBlock = false;
    } else if (text.trim() === '' || /^\s*<!--.*-->\s*$/.test(text)) inBlock = false;
    else if (!inBlock) {
      counts[counts.length - 1] = (counts.at(-1) ?? 0) + 1;
      inBlock = true;
    }
  }
  return counts;
}

function shape(page: string) {
  const parsed = parse(read(page));
  return {
    paragraphs: paragraphsPerSection(read(page)),
    levels: headings(parsed).map((h) => h.level),
    fences: parsed.fences.map((f) => f.info || '(plain)'),
    excerpts: excerpts(parsed).map((e) => ({
      source: e.source,
      code: (e.fence?.body ?? []).map((l) => l.trimEnd()).join('\n'),
    })),
  };
}

describe('the Chinese edition mirrors the English one', () => {
  const english = editionPages(DOCS);

  it('has the same pages', () => {
    expect(editionPages(ZH)).toEqual(english);
  });

  const both = english.filter((name) => editionPages(ZH).includes(name));
  it.each(both)('%s has the same headings, blocks, excerpts and links', (name) => {
    const en = shape(path.join(DOCS, name));
    const zh = shape(path.join(ZH, name));
    const levels = (s: typeof en) => s.levels.map((l) => `h${l}`).join(' ');
    expect(
      levels(zh),
      `docs/zh-CN/${name} headings differ from docs/${name}\n en: ${levels(en)}\n zh: ${levels(zh)}`,
    ).toBe(levels(en));
    const titles = ['(top)', ...headings(parse(read(path.join(DOCS, name)))).map((h) => h.text)];
    const uneven = en.paragraphs.flatMap((n, i) =>
      zh.paragraphs[i] === n ? [] : [`"${titles[i]}": ${n} in English, ${zh.paragraphs[i]} in Chinese`],
    );
    expect(
      uneven,
      `docs/zh-CN/${name}: paragraphs per section differ from docs/${name} (port what only one has)`,
    ).toEqual([]);
    expect(
      zh.fences,
      `docs/zh-CN/${name}: fenced blocks (by language, in order) differ from docs/${name}`,
    ).toEqual(en.fences);
    expect(zh.excerpts, `docs/zh-CN/${name}: code excerpts must be the English ones, unchanged`).toEqual(
      en.excerpts,
    );
    expect(
      linkTargets(path.join(ZH, name)),
      `docs/zh-CN/${name} links to other files or URLs than docs/${name}`,
    ).toEqual(linkTargets(path.join(DOCS, name)));
  });
});
