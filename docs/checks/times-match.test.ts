// One table of times: docs/README.md "## How long each chapter takes" (zh: "## 每章用时"). Its exercise
// column is the sum of the exercise times in docs/exercises.md, its last column the sum of the other two,
// both editions agree, and any other page that states how long a chapter takes (a "Time:" header, "takes
// 30 minutes", "45 with the exercises", 用时, 加上练习约…) states a figure of that chapter's row.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, ZH, bookPages, headings, parse, read, rel } from './markdown.ts';

export interface Times {
  read: number;
  exercises: number;
  total: number;
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** The rows of the first table in the level-2 section whose heading matches. */
function tableIn(page: string, heading: RegExp): string[][] {
  const parsed = parse(read(page));
  const h2 = headings(parsed).filter((h) => h.level === 2);
  const start = h2.find((h) => heading.test(h.text))?.line;
  if (start === undefined) return [];
  const end = h2.find((h) => h.line > start)?.line ?? Number.POSITIVE_INFINITY;
  return parsed.prose
    .filter((l) => l.line > start && l.line < end && l.text.trim().startsWith('|'))
    .map((l) => cells(l.text))
    .slice(2);
}

const minutes = (cell: string) => Number(/(\d+)\s*(min|分钟)/.exec(cell)?.[1] ?? 0);

/** chapter number -> its times, from the landing page of one edition. */
export function timeTable(dir: string): Map<number, Times> {
  const table = new Map<number, Times>();
  for (const [chapter = '', readCell = '', exercises = '', total = ''] of tableIn(
    path.join(dir, 'README.md'),
    /^(how long each chapter takes|每章用时)$/i,
  )) {
    const n = Number(/^(\d)/.exec(chapter)?.[1]);
    table.set(n, { read: minutes(readCell), exercises: minutes(exercises), total: minutes(total) });
  }
  return table;
}

/** chapter number -> the sum of its exercises' times, from an edition's exercises page. */
export function exerciseMinutes(dir: string): Map<number, number> {
  const sums = new Map<number, number>();
  for (const row of tableIn(path.join(dir, 'exercises.md'), /^(the exercises|练习一览)$/i)) {
    const n = Number(/(\d)\.\d/.exec(row[0] ?? '')?.[1]);
    sums.set(n, (sums.get(n) ?? 0) + minutes(row.at(-1) ?? ''));
  }
  return sums;
}

/** Ways a page says how long a chapter takes, and which figure of the chapter's row each capture must be. */
const STATEMENTS: Array<{ re: RegExp; roles: Array<keyof Times | 'any'> }> = [
  { re: /\btime:?\**:?\s*(?:about\s*)?(\d+)\s*(?:min|minutes)\b/gi, roles: ['read'] },
  { re: /\btakes? (?:about )?(\d+)\s*(?:min|minutes)\b/gi, roles: ['any'] },
  {
    re: /(\d+)\s*(?:min|minutes)?,?\s*(?:or )?(\d+) with (?:the |its )?exercises/gi,
    roles: ['read', 'total'],
  },
  { re: /用时[：:]\**\s*约?\s*(\d+)\s*分钟/g, roles: ['read'] },
  { re: /(?:做|加上)练习(?:约|共)?\s*(\d+)\s*分钟/g, roles: ['total'] },
];

/** Figures a page states for a chapter that are not in that chapter's row of the table. */
export function timeProblems(page: string, markdown: string, table: Map<number, Times>): string[] {
  const problems: string[] = [];
  const own = /^0(\d)-/.exec(path.basename(page))?.[1];
  for (const { line, text } of parse(markdown).prose) {
    for (const { re, roles } of STATEMENTS) {
      for (const m of text.matchAll(re)) {
        const chapter = Number(own ?? /(?:chapter|第)\s*(\d)/i.exec(text)?.[1]);
        const row = table.get(chapter);
        if (!row) {
          problems.push(`${rel(page)}:${line}: "${m[0]}" states a time, but for which chapter?`);
          continue;
        }
        const wrong = roles.some((role, i) => {
          const figure = Number(m[i + 1]);
          return role === 'any' ? ![row.read, row.total].includes(figure) : row[role] !== figure;
        });
        if (wrong)
          problems.push(
            `${rel(page)}:${line}: "${m[0]}": chapter ${chapter}'s row in the table of times says ` +
              `${row.read} min to read and run, ${row.total} with its exercises ` +
              '(or link README.md#how-long-each-chapter-takes)',
          );
      }
    }
  }
  return problems;
}

describe('one table of times', () => {
  const en = timeTable(DOCS);
  const zh = timeTable(ZH);

  it('docs/README.md has it, each row adding up, and the Chinese edition says the same', () => {
    expect(en.size, 'docs/README.md has no "## How long each chapter takes" table').toBeGreaterThanOrEqual(5);
    for (const [n, t] of en) expect(t.read + t.exercises, `chapter ${n}: read + exercises`).toBe(t.total);
    expect([...zh]).toEqual([...en]);
  });

  it.each([
    ['English', DOCS],
    ['Chinese', ZH],
  ])("its exercise column is the sum of the %s exercises page's times", (_edition, dir) => {
    for (const [n, sum] of exerciseMinutes(dir)) {
      expect(
        en.get(n)?.exercises,
        `chapter ${n}: the exercises take ${sum} min in ${rel(dir)}/exercises.md`,
      ).toBe(sum);
    }
  });

  it('the checker itself: a page that states another time is reported', () => {
    const table = new Map([[3, { read: 75, exercises: 65, total: 140 }]]);
    const page = path.join(DOCS, '03-redis.md');
    expect(timeProblems(page, 'Time: about 75 minutes, 140 with the exercises.', table)).toEqual([]);
    expect(timeProblems(page, 'Time: about 45 minutes, 75 with the exercises.', table)).toHaveLength(2);
    expect(timeProblems(page, 'about 75 minutes, 65 with the exercises', table)).toHaveLength(1);
    expect(timeProblems(path.join(ZH, '03-redis.md'), '用时：约 45 分钟', table)).toHaveLength(1);
    expect(timeProblems(path.join(DOCS, 'README.md'), 'Chapter 3 takes 60 minutes.', table)).toHaveLength(1);
  });

  it.each(bookPages().map((p) => [rel(p), p] as const))('%s states no other time', (_name, page) => {
    const problems = timeProblems(page, read(page), page.startsWith(ZH) ? zh : en);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
