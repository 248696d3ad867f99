// The Chinese edition mirrors the English one: the same pages, the same headings (count and level, in
// order), the same fenced blocks in the same order, and the same code excerpts, unchanged.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, ZH, editionPages, excerpts, headings, parse, read } from './markdown.ts';

function shape(page: string) {
  const parsed = parse(read(page));
  return {
    levels: headings(parsed).map((h) => h.level),
    fences: parsed.fences.map((f) => f.info || '(plain)'),
    excerpts: excerpts(parsed).map((e) => ({ source: e.source, code: (e.fence?.body ?? []).map((l) => l.trimEnd()).join('\n') })),
  };
}

describe('the Chinese edition mirrors the English one', () => {
  const english = editionPages(DOCS);

  it('has the same pages', () => {
    expect(editionPages(ZH)).toEqual(english);
  });

  const both = english.filter((name) => editionPages(ZH).includes(name));
  it.each(both)('%s has the same headings, blocks and excerpts', (name) => {
    const en = shape(path.join(DOCS, name));
    const zh = shape(path.join(ZH, name));
    const levels = (s: typeof en) => s.levels.map((l) => 'h' + l).join(' ');
    expect(levels(zh), `docs/zh-CN/${name} headings differ from docs/${name}\n en: ${levels(en)}\n zh: ${levels(zh)}`).toBe(levels(en));
    expect(zh.fences, `docs/zh-CN/${name}: fenced blocks (by language, in order) differ from docs/${name}`).toEqual(en.fences);
    expect(zh.excerpts, `docs/zh-CN/${name}: code excerpts must be the English ones, unchanged`).toEqual(en.excerpts);
  });
});
