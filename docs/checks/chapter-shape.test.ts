// Each chapter page takes the shape of the learning path (/work/shared/learning-path.md, summed up in
// docs/README.md "How to read a chapter"): the same header on every page (what you run, what it needs, how
// long, how to start fresh), a main path of at most 1,800 words, its sections in the eight steps' order, the
// fix in three to five steps, the article's version run before any excerpt of the fixed code, and the
// detail a learner does not need on a deep-dive page that the main page links.
import fs from 'node:fs';
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

/** The four queue chapters, built up from the article's code. */
export const QUEUE_CHAPTERS = ['01-memory.md', '02-leveldb.md', '03-redis.md', '04-rabbitmq.md'];
/** The chapter main pages: the four queues and the cluster chapter. */
export const CHAPTERS = [...QUEUE_CHAPTERS, '06-beyond-one-machine.md'];
const MAX_WORDS = 1800;

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

interface Step {
  name: string;
  heading: RegExp;
}

/** The eight steps of a queue chapter's page, as its level-2 headings, in this order (both editions). */
const STEPS: Step[] = [
  { name: 'What you will build', heading: /^(what you will build|要做什么)$/i },
  { name: "The article's version", heading: /^(the article['’]s version|原文的版本)$/i },
  { name: 'What breaks', heading: /^(what breaks|哪里会坏)$/i },
  { name: 'The fix, one step at a time', heading: /^(the fix, one step at a time|一步一步修好)$/i },
  { name: 'Putting it together', heading: /^(putting it together|合起来)$/i },
  {
    name: 'What this queue guarantees, and what it does not',
    heading: /^(what this queue guarantees, and what it does not|这个队列保证什么，不保证什么)$/i,
  },
  { name: 'Try it yourself', heading: /^(try it yourself|自己动手)$/i },
  { name: 'Next', heading: /^(next|下一章)$/i },
];

/** The cluster chapter goes beyond the article: it has no article's version, and runs what it builds. */
const BEYOND_STEPS: Step[] = [
  { name: 'What you will build', heading: /^(what you will build|要做什么|要构建什么)/i },
  { name: 'Run it', heading: /^(run it|运行)/i },
  { name: 'What breaks', heading: /^(what breaks|哪里会坏|会出什么问题)/i },
  { name: 'The fix', heading: /^(the fix|修复|一步一步修好)/i },
  { name: 'What … guarantees', heading: /^(what (this|the|a) [\w -]+ guarantees?\b|.*保证什么)/i },
  { name: 'Try it yourself', heading: /^(try it yourself|自己动手)/i },
  { name: 'Next', heading: /^(next|下一章)/i },
];

const stepsOf = (name: string) => (path.basename(name).startsWith('06-') ? BEYOND_STEPS : STEPS);

/** Problems with the order of a page's level-2 headings: each must be the next step, none may be missing. */
export function sectionOrderProblems(name: string, markdown: string, steps = stepsOf(name)): string[] {
  const h2 = headings(parse(markdown)).filter((h) => h.level === 2);
  const problems: string[] = [];
  let step = 0;
  for (const h of h2) {
    const at = steps.findIndex((s, i) => i >= step && s.heading.test(h.text));
    if (at < 0) {
      const earlier = steps.findIndex((s) => s.heading.test(h.text));
      problems.push(
        earlier >= 0
          ? `${name}:${h.line} "## ${h.text}" comes after "${steps[step - 1]?.name}", ` +
              `but step ${earlier + 1} goes before it`
          : `${name}:${h.line} "## ${h.text}" is not one of the steps ` +
              '(make it a ### inside one, or move it to the deep-dive page)',
      );
      continue;
    }
    for (const skipped of steps.slice(step, at)) {
      problems.push(`${name}: no "## ${skipped.name}" before "## ${h.text}"`);
    }
    step = at + 1;
  }
  for (const missing of steps.slice(step)) {
    problems.push(`${name}: no "## ${missing.name}" section (expected after the others)`);
  }
  return problems;
}

/**
 * What a queue chapter's page must hold besides its section order: the header (first quote block after
 * the title) naming the time table and `npm run chapter:N -- reset`; three to five `### Step N:` headings
 * inside "The fix"; the article run with `npm run chapter:N -- article` in "The article's version"; no
 * excerpt of the fixed code before "What breaks" has run the article's version.
 */
export function chapterProblems(name: string, markdown: string): string[] {
  const n = Number(path.basename(name).slice(0, 2));
  const parsed = parse(markdown);
  const problems: string[] = [];
  const lines = markdown.split('\n');
  const title = lines.findIndex((l) => l.startsWith('# '));
  const header = lines.slice(title + 1).find((l) => l.trim() !== '') ?? '';
  if (!header.startsWith('>')) problems.push(`${name}: no header (a "> " line) right after the title`);
  if (!header.includes(`npm run chapter:${n} -- reset`))
    problems.push(`${name}: the header does not name \`npm run chapter:${n} -- reset\``);
  if (!/README\.md#(how-long-each-chapter-takes|每章用时)/.test(header))
    problems.push(
      `${name}: the header does not link the table of times (README.md#how-long-each-chapter-takes)`,
    );

  const h = headings(parsed);
  const at = (step: Step) => h.find((x) => x.level === 2 && step.heading.test(x.text))?.line ?? Infinity;
  const next = (line: number) => h.find((x) => x.level === 2 && x.line > line)?.line ?? Infinity;
  const [, article, breaks, fix] = STEPS as [Step, Step, Step, Step];
  const fixStart = at(fix);
  const steps = h.filter(
    (x) =>
      x.level === 3 &&
      x.line > fixStart &&
      x.line < next(fixStart) &&
      /^(step \d+:|第 \d+ 步：)/i.test(x.text),
  );
  if (steps.length < 3 || steps.length > 5)
    problems.push(`${name}: "The fix" has ${steps.length} "### Step N:" sections; it needs three to five`);

  const articleStart = at(article);
  const inArticle = lines.slice(articleStart, Math.min(next(articleStart), lines.length)).join('\n');
  if (!inArticle.includes(`npm run chapter:${n} -- article`))
    problems.push(`${name}: "The article's version" never runs \`npm run chapter:${n} -- article\``);

  const breaksLine = at(breaks);
  for (const ex of excerpts(parsed)) {
    if (ex.line < breaksLine && !/\/article\.ts$/.test(ex.source))
      problems.push(`${name}:${ex.line} an excerpt of ${ex.source} comes before the article's version ran`);
  }
  return problems;
}

const editions = [
  ['English', DOCS],
  ['Chinese', ZH],
] as const;

describe('each chapter main page takes the learning path shape', () => {
  it('the checker itself: a page with a section out of order or missing, or no steps, is reported', () => {
    const page = [
      '# C',
      '> **You run:** x',
      '## What you will build',
      '<!-- excerpt: 01-memory/worker.ts -->',
      "## The article's version",
      '## The fix, one step at a time',
      '### Step 1: one',
      '## What breaks',
      '## What this queue guarantees, and what it does not',
      '## Next',
    ].join('\n\n');
    const problems = [...sectionOrderProblems('01-x.md', page), ...chapterProblems('01-x.md', page)].join(
      '\n',
    );
    expect(problems).toMatch(/"## What breaks" comes after "The fix, one step at a time"/);
    expect(problems).toMatch(/no "## Try it yourself"/);
    expect(problems).toMatch(/the header does not name `npm run chapter:1 -- reset`/);
    expect(problems).toMatch(/"The fix" has 1 "### Step N:" sections/);
    expect(problems).toMatch(/never runs `npm run chapter:1 -- article`/);
    expect(problems).toMatch(/an excerpt of 01-memory\/worker.ts comes before the article's version ran/);
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

  describe.each(editions)('%s edition', (_edition, dir) => {
    it.each(CHAPTERS)('%s has the steps as its sections, in order', (name) => {
      const page = path.join(dir, name);
      expect(fs.existsSync(page), `${rel(page)} is missing`).toBe(true);
      const problems = sectionOrderProblems(rel(page), read(page));
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it.each(QUEUE_CHAPTERS)('%s has the header, 3-5 steps, and the article before the fix', (name) => {
      const page = path.join(dir, name);
      const problems = chapterProblems(rel(page), read(page));
      expect(problems, problems.join('\n')).toEqual([]);
    });
  });
});

describe.each(editions)('%s deep-dive pages', (_edition, dir) => {
  const deepDives = editionPages(dir).filter((name) => name.endsWith('-deep-dive.md'));

  it('are named after a chapter page: 0N-name-deep-dive.md next to 0N-name.md', () => {
    const orphans = deepDives.filter((name) => !CHAPTERS.includes(name.replace(/-deep-dive\.md$/, '.md')));
    expect(orphans, `deep-dive pages without a chapter: ${orphans.join(', ')}`).toEqual([]);
  });

  it('are each linked from their chapter page, and link back', () => {
    const targets = (page: string) =>
      links(parse(read(page)))
        .filter(({ target }) => !isExternal(target))
        .map(({ target }) => path.resolve(path.dirname(page), decodeURI(target.split('#')[0] ?? '')));
    const problems: string[] = [];
    for (const name of deepDives) {
      const chapter = path.join(dir, name.replace(/-deep-dive\.md$/, '.md'));
      const deep = path.join(dir, name);
      if (!fs.existsSync(chapter)) problems.push(`${rel(chapter)} is missing`);
      else if (!targets(chapter).includes(deep)) problems.push(`${rel(chapter)} never links ${name}`);
      if (!targets(deep).includes(chapter)) problems.push(`${rel(deep)} never links back to ${rel(chapter)}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
