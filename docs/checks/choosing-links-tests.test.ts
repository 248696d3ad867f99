// docs/05-choosing.md backs every "yes" with the test that proves exactly that cell:
//  - each test file it links exists;
//  - a "yes" cell says nothing but "yes" and its test links, and each link's text is the title of a test
//    in the linked file (describe + it, or the it alone; skipped and todo tests do not count), so the cell
//    claims exactly what a test checks: anything more has to be written as "untested" or "measured";
//  - a "yes" in the section of one queue links that chapter's tests (a section heading links its chapter);
//  - the Chinese edition's "是" cells link the same test files, cell for cell, as the English "yes" cells;
//  - every answer starts with one of the words this page defines (yes, no, untested, explained, measured,
//    not applicable), except the two descriptive rows (where jobs live, what it costs), so a positive
//    claim cannot dodge the rule above by not saying "yes".
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, ROOT, ZH, headings, isExternal, links, parse, read, rel } from './markdown.ts';

interface Cell {
  line: number;
  text: string;
  /** The chapter folder the cell's section is about (from a link to 0N-name.md in its heading), if any. */
  chapter: string | undefined;
}

function tableCells(page: string): Cell[] {
  const parsed = parse(read(page));
  const h2 = headings(parsed).filter((h) => h.level === 2);
  const cells: Cell[] = [];
  for (const { line, text } of parsed.prose) {
    if (!text.trim().startsWith('|') || /^\|[\s|:-]+\|$/.test(text.trim())) continue;
    const heading = [...h2].reverse().find((h) => h.line < line);
    const chapter = /\]\((?:\.\/)?(0\d-[a-z-]+)\.md\)/.exec(heading?.text ?? '')?.[1];
    for (const cell of text.trim().slice(1, -1).split('|')) cells.push({ line, text: cell.trim(), chapter });
  }
  return cells;
}

function testLinks(cellText: string): Array<{ text: string; target: string }> {
  return [...cellText.matchAll(/\[([^\]]+)\]\(([^)\s]+\.test\.ts)\)/g)].map((m) => ({
    text: m[1] ?? '',
    target: m[2] ?? '',
  }));
}

const normal = (s: string) =>
  s
    .replace(/\\(['"`\\])/g, '$1')
    .replace(/[`*]/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/** The titles a test file's passing tests report: each it/test title alone, and after each describe title. */
export function testTitles(file: string): Set<string> {
  const source = read(file);
  const describes: string[] = [];
  const tests: string[] = [];
  const CALL = /\b(describe|it|test)((?:\.\w+)*)\s*\(\s*(['"`])((?:\\.|(?!\3)[^\\])*)\3/g;
  for (const m of source.matchAll(CALL)) {
    const modifiers = m[2] ?? '';
    if (/\.(skip|todo|skipIf|runIf|fails)\b/.test(modifiers)) continue;
    (m[1] === 'describe' ? describes : tests).push(m[4] ?? '');
  }
  const titles = new Set<string>();
  for (const t of tests) {
    titles.add(normal(t));
    for (const d of describes) titles.add(normal(`${d} ${t}`));
  }
  return titles;
}

/** What a "yes" cell may say besides its links: the word itself and the glue between links. */
const GLUE = /^(yes|是|and|和|及|[\s:;,.、：；，。()（）])*$/i;

export function yesCellProblems(page: string, cell: Cell): string[] {
  const where = `${rel(page)}:${cell.line}`;
  const found = testLinks(cell.text);
  if (found.length === 0)
    return [`${where}: a "yes" with no test link (write "untested: …" instead): ${cell.text}`];
  const problems: string[] = [];
  const residue = cell.text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '');
  if (!GLUE.test(residue)) {
    problems.push(
      `${where}: a "yes" cell says more than its tests ("${residue.trim()}"): move it into a test title, ` +
        `or to a "no"/"untested" cell`,
    );
  }
  for (const { text, target } of found) {
    const file = path.resolve(path.dirname(page), target);
    if (!fs.existsSync(file)) {
      problems.push(`${where}: ${rel(file)} does not exist`);
      continue;
    }
    const folder = rel(file).split('/')[0];
    if (cell.chapter && folder !== cell.chapter) {
      problems.push(`${where}: the ${cell.chapter} section cites a test of ${folder}: ${rel(file)}`);
    }
    // The Chinese link texts translate the titles; their files are compared with the English cells below.
    if (path.dirname(page) === DOCS && !testTitles(file).has(normal(text))) {
      problems.push(
        `${where}: "${text}" is not the title of a test in ${rel(file)} (titles: ` +
          `${[...testTitles(file)].join(' | ')})`,
      );
    }
  }
  return problems;
}

/** The rows of the page's two-column tables: question and answer. */
function answers(page: string): Array<{ line: number; question: string; answer: string }> {
  const rows: Array<{ line: number; question: string; answer: string }> = [];
  for (const { line, text } of parse(read(page)).prose) {
    const t = text.trim();
    if (!t.startsWith('|') || /^\|[\s|:-]+\|$/.test(t)) continue;
    const cells = t
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    if (cells.length !== 2) continue;
    rows.push({ line, question: cells[0] ?? '', answer: cells[1] ?? '' });
  }
  return rows;
}

const ANSWER_WORDS = {
  English: {
    start: /^(yes|no|untested|explained|measured|not applicable)\b/i,
    header: 'question',
    descriptive: ['where jobs live', 'what it costs to run'],
  },
  Chinese: {
    start: /^(是|否|未测试|解释|测量|不适用)/,
    header: '问题',
    descriptive: ['任务存在哪里', '运行成本'],
  },
};

const ENGLISH = path.join(DOCS, '05-choosing.md');
const CHINESE = path.join(ZH, '05-choosing.md');
const isYes = (page: string) => (c: Cell) => (page === CHINESE ? /^是/ : /^yes\b/i).test(c.text);

describe.each([
  ['English', ENGLISH],
  ['Chinese', CHINESE],
] as const)('%s 05-choosing.md', (edition, page) => {
  it('exists', () => {
    expect(fs.existsSync(page), `${rel(page)} is missing`).toBe(true);
  });

  it('links only test files that exist, and at least ten of them', () => {
    const tests = links(parse(read(page)))
      .filter(({ target }) => !isExternal(target) && /\.test\.ts(#.*)?$/.test(target))
      .map(({ line, target }) => ({
        line,
        file: path.resolve(path.dirname(page), target.split('#')[0] ?? ''),
      }));
    const missing = tests
      .filter((t) => !fs.existsSync(t.file))
      .map((t) => `${rel(page)}:${t.line} -> ${rel(t.file)}`);
    expect(missing, `linked test files that do not exist:\n${missing.join('\n')}`).toEqual([]);
    expect(new Set(tests.map((t) => t.file)).size).toBeGreaterThanOrEqual(10);
  });

  it('answers every question with yes, no, untested, explained, measured or not applicable', () => {
    const words = ANSWER_WORDS[edition];
    const rows = answers(page).filter(
      (r) => r.question !== words.header && !words.descriptive.includes(r.question),
    );
    expect(rows.length, `${rel(page)} has no two-column question | answer tables`).toBeGreaterThan(20);
    const loose = rows
      .filter((r) => !words.start.test(r.answer))
      .map((r) => `${rel(page)}:${r.line}: ${r.question} | ${r.answer}`);
    expect(loose, `answers that start with none of the defined words:\n${loose.join('\n')}`).toEqual([]);
  });

  it('backs every "yes" with tests whose titles are exactly what the cell claims', () => {
    const problems = tableCells(page)
      .filter(isYes(page))
      .flatMap((c) => yesCellProblems(page, c));
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

it('the Chinese "是" cells cite the same tests as the English "yes" cells, cell for cell', () => {
  const cited = (page: string) =>
    tableCells(page)
      .filter(isYes(page))
      .map((c) =>
        testLinks(c.text)
          .map((l) => rel(path.resolve(path.dirname(page), l.target)))
          .join(', '),
      );
  const en = cited(ENGLISH);
  const zh = cited(CHINESE);
  expect(zh, 'docs/zh-CN/05-choosing.md "是" cells, in order, vs docs/05-choosing.md "yes" cells').toEqual(
    en,
  );
});

it(
  'the checker itself: a cell that claims more than its test, or cites a title the test does not have, ' +
    'fails',
  () => {
    const test = rel(path.join(ROOT, '01-memory/test/runs-one-at-a-time-in-order.test.ts'));
    const title = [...testTitles(path.join(ROOT, test))][0] ?? '';
    const cell = (text: string): Cell => ({ line: 1, text, chapter: '01-memory' });
    expect(yesCellProblems(ENGLISH, cell(`yes: [${title}](../${test})`))).toEqual([]);
    expect(
      yesCellProblems(ENGLISH, cell(`yes, retries included: [${title}](../${test})`)).join('\n'),
    ).toMatch(/says more than its tests/);
    expect(yesCellProblems(ENGLISH, cell(`yes: [retries keep the order](../${test})`)).join('\n')).toMatch(
      /is not the title of a test/,
    );
    expect(
      yesCellProblems(ENGLISH, { ...cell(`yes: [${title}](../${test})`), chapter: '02-leveldb' }).join('\n'),
    ).toMatch(/section cites a test of/);
  },
);
