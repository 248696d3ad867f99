// Each chapter page takes the shape of the learning path (/work/shared/learning-path.md, summed up in
// docs/README.md "How to read a chapter"): a main path of at most 2,500 words, its sections in the eight
// steps' order, and the detail a learner does not need on a deep-dive page that the main page links.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, ZH, editionPages, headings, isExternal, links, parse, read, rel } from './markdown.ts';

/** The chapter main pages: the four queues and the cluster chapter. */
export const CHAPTERS = [
  '01-memory.md',
  '02-leveldb.md',
  '03-redis.md',
  '04-rabbitmq.md',
  '06-beyond-one-machine.md',
];
const MAX_WORDS = 2500;

/**
 * Words of prose, code blocks excluded, counted exactly like
 * `awk '/^```/{c=!c; next} !c' FILE | wc -w`: a line starting with three backticks opens or closes a
 * block, and a word is a run of characters that are not white space.
 */
export function proseWords(markdown: string): number {
  let inCode = false;
  let words = 0;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inCode = !inCode;
      continue;
    }
    if (!inCode) words += line.split(/[ \t\n\v\f\r]+/).filter((w) => w !== '').length;
  }
  return words;
}

/** The eight steps of a chapter page, as the start of its level-2 headings, in this order. */
const STEPS: Array<{ name: string; heading: RegExp; optional?: (page: string) => boolean }> = [
  { name: 'What you will build', heading: /^what you will build\b/i },
  // The cluster chapter goes beyond the article, so it has no article's version to show.
  {
    name: "The article's version",
    heading: /^the article['’]s version\b/i,
    optional: (page) => page.startsWith('06-'),
  },
  { name: 'Run it', heading: /^run it\b/i },
  { name: 'What breaks', heading: /^what breaks\b/i },
  { name: 'The fix', heading: /^the fix\b/i },
  {
    name: 'What this … guarantees, and what it does not',
    heading: /^what (this|the|a) [\w -]+ guarantees?\b/i,
  },
  { name: 'Try it yourself', heading: /^try it yourself\b/i },
  { name: 'Next', heading: /^next\b/i },
];

/** Problems with the order of a page's level-2 headings: each must be the next step, none may be missing. */
export function sectionOrderProblems(name: string, markdown: string): string[] {
  const h2 = headings(parse(markdown)).filter((h) => h.level === 2);
  const problems: string[] = [];
  let step = 0;
  for (const h of h2) {
    const at = STEPS.findIndex((s, i) => i >= step && s.heading.test(h.text));
    if (at < 0) {
      const earlier = STEPS.findIndex((s) => s.heading.test(h.text));
      problems.push(
        earlier >= 0
          ? `docs/${name}:${h.line} "## ${h.text}" comes after "${STEPS[step - 1]?.name}", but step ` +
              `${earlier + 1} goes before it`
          : `docs/${name}:${h.line} "## ${h.text}" is not one of the eight steps (make it a ### inside ` +
              `one, or move it to the deep-dive page)`,
      );
      continue;
    }
    for (const skipped of STEPS.slice(step, at)) {
      if (!skipped.optional?.(name))
        problems.push(`docs/${name}: no "## ${skipped.name}…" before "## ${h.text}"`);
    }
    step = at + 1;
  }
  for (const missing of STEPS.slice(step)) {
    if (!missing.optional?.(name))
      problems.push(`docs/${name}: no "## ${missing.name}…" section (expected after the others)`);
  }
  return problems;
}

describe('each chapter main page takes the learning path shape', () => {
  it('the checker itself: a page with a section out of order or missing is reported', () => {
    const page = [
      '# C',
      '## What you will build',
      "## The article's version",
      '## What breaks',
      '## Run it',
      '## The fix',
      '## What this queue guarantees, and what it does not',
      '## Next',
    ].join('\n\n');
    const problems = sectionOrderProblems('01-x.md', page);
    expect(problems.join('\n')).toMatch(/"## Run it" comes after "What breaks"/);
    expect(problems.join('\n')).toMatch(/no "## Try it yourself…"/);
    expect(proseWords('one two\n```ts\nnot counted here\n```\nthree\n')).toBe(3);
  });

  it.each(CHAPTERS)(`docs/%s has at most ${MAX_WORDS} words of prose (code blocks excluded)`, (name) => {
    const page = path.join(DOCS, name);
    expect(fs.existsSync(page), `docs/${name} is missing`).toBe(true);
    const words = proseWords(read(page));
    expect(
      words,
      `docs/${name} has ${words} words of prose; the main path is at most ${MAX_WORDS}: move detail a ` +
        `learner does not need to docs/${name.replace(/\.md$/, '-deep-dive.md')}`,
    ).toBeLessThanOrEqual(MAX_WORDS);
  });

  it.each(CHAPTERS)('docs/%s has the eight steps as its sections, in order', (name) => {
    const page = path.join(DOCS, name);
    expect(fs.existsSync(page), `docs/${name} is missing`).toBe(true);
    const problems = sectionOrderProblems(name, read(page));
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

describe.each([
  ['English', DOCS],
  ['Chinese', ZH],
])('%s deep-dive pages', (_edition, dir) => {
  const deepDives = editionPages(dir).filter((name) => name.endsWith('-deep-dive.md'));

  it('are named after a chapter page: 0N-name-deep-dive.md next to 0N-name.md', () => {
    const orphans = deepDives.filter((name) => !CHAPTERS.includes(name.replace(/-deep-dive\.md$/, '.md')));
    expect(orphans, `deep-dive pages without a chapter: ${orphans.join(', ')}`).toEqual([]);
  });

  it.each(deepDives.length > 0 ? deepDives : ['(none yet)'])(
    '%s is linked from its chapter page, and links back',
    (name) => {
      if (name === '(none yet)') return;
      const chapter = path.join(dir, name.replace(/-deep-dive\.md$/, '.md'));
      const deep = path.join(dir, name);
      const targets = (page: string) =>
        links(parse(read(page)))
          .filter(({ target }) => !isExternal(target))
          .map(({ target }) => path.resolve(path.dirname(page), decodeURI(target.split('#')[0] ?? '')));
      expect(fs.existsSync(chapter), `${rel(chapter)} is missing`).toBe(true);
      expect(targets(chapter), `${rel(chapter)} never links ${name}`).toContain(deep);
      expect(targets(deep), `${rel(deep)} never links back to ${rel(chapter)}`).toContain(chapter);
    },
  );
});
