// docs/05-choosing.md is one table: a question per row, a queue per column, each cell ✔, ✘ or "partly"
// with a note number, and the notes under the table. This check ties each note to its row:
//  - every cell is a mark and one note number; the notes are numbered 1, 2, 3… in the order the cells
//    cite them, and a note serves one row only;
//  - a note links tests, or says where its answer comes from instead (explained, measured, untested);
//  - every test a note links exists, lives in its column's chapter folder, and carries a line
//    `// choosing: <question>; <question> (simulated)` in its first lines that names the note's row:
//    the test file itself says which questions it answers, whatever its titles become;
//  - a note says "simulated" exactly when a test it links marks that row's question "(simulated)", so a
//    simulated crash is never passed off as a killed process;
//  - the Chinese edition has the same table: the same marks, the same note numbers, and notes that link
//    the same tests, with 模拟 where the English says simulated.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, ROOT, ZH, choosingTag, headings, parse, read, rel } from './markdown.ts';

const ENGLISH = path.join(DOCS, '05-choosing.md');
const CHINESE = path.join(ZH, '05-choosing.md');

/** The chapter folder whose tests each column may cite (BullMQ has no tests here). */
const COLUMN_FOLDERS = ['01-memory', '02-leveldb', '03-redis', '04-rabbitmq', '04-rabbitmq', undefined];

const WORDS = {
  English: {
    marks: { '✔': 'yes', '✘': 'no', partly: 'partly' } as Record<string, string>,
    simulated: /\bsimulated\b/i,
    source: /\b(explained|measured|untested)\b/i,
  },
  Chinese: {
    marks: { '✔': 'yes', '✘': 'no', 部分: 'partly' } as Record<string, string>,
    simulated: /模拟/,
    source: /(解释|实测|未测试)/,
  },
};
type Edition = keyof typeof WORDS;

export interface Row {
  line: number;
  question: string;
  cells: Array<{ mark: string; note: number }>;
}
export interface Note {
  line: number;
  n: number;
  text: string;
  /** Repository-relative paths of the test files the note links. */
  tests: string[];
}
export interface Table {
  columns: string[];
  rows: Row[];
  /** Cells that are not "<mark> <number>", as messages. */
  malformed: string[];
  notes: Note[];
}

const splitRow = (t: string) =>
  t
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** The first table of the page (its rows) and the numbered notes after it, up to the next level-2 heading. */
export function readTable(page: string, markdown = read(page), edition: Edition = 'English'): Table {
  const parsed = parse(markdown);
  const table: Table = { columns: [], rows: [], malformed: [], notes: [] };
  const prose = parsed.prose;
  const start = prose.findIndex((l) => l.text.trim().startsWith('|'));
  if (start < 0) return table;
  table.columns = splitRow(prose[start]?.text ?? '').slice(1);
  const marks = Object.keys(WORDS[edition].marks).join('|');
  const CELL = new RegExp(`^(${marks}) (\\d+)$`);
  let i = start + 1;
  for (; i < prose.length && prose[i]?.text.trim().startsWith('|'); i++) {
    const { line, text } = prose[i] ?? { line: 0, text: '' };
    if (/^\|[\s|:-]+\|$/.test(text.trim())) continue;
    const [question = '', ...cells] = splitRow(text);
    const row: Row = { line, question, cells: [] };
    for (const cell of cells) {
      const m = CELL.exec(cell);
      if (m) row.cells.push({ mark: WORDS[edition].marks[m[1] ?? ''] ?? '', note: Number(m[2]) });
      else table.malformed.push(`${rel(page)}:${line}: "${cell}" is not "<${marks}> <note number>"`);
    }
    table.rows.push(row);
  }
  const h2 = headings(parsed).filter((h) => h.level === 2);
  const end = h2.find((h) => h.line > (prose[start]?.line ?? 0))?.line ?? Number.POSITIVE_INFINITY;
  let current: Note | undefined;
  for (const { line, text } of prose.slice(i)) {
    if (line >= end) break;
    const item = /^(\d+)\. (.*)$/.exec(text);
    if (item) {
      current = { line, n: Number(item[1]), text: item[2] ?? '', tests: [] };
      table.notes.push(current);
    } else if (current && /^ {2,}\S/.test(text)) current.text += ` ${text.trim()}`;
    else current = undefined;
  }
  for (const note of table.notes) {
    note.tests = [...note.text.matchAll(/\]\(([^)\s#]+\.test\.ts)\)/g)].map((m) =>
      rel(path.resolve(path.dirname(page), m[1] ?? '')),
    );
  }
  return table;
}

/** Everything wrong with one edition's table, its notes, and the tests they cite. */
export function tableProblems(page: string, table: Table, questions: string[], edition: Edition): string[] {
  const where = (line: number) => `${rel(page)}:${line}`;
  const problems = [...table.malformed];
  const noteRow = new Map<number, number>();
  const cited: number[] = [];
  table.rows.forEach((row, r) => {
    if (row.cells.length !== COLUMN_FOLDERS.length)
      problems.push(`${where(row.line)}: ${row.cells.length} answers, expected ${COLUMN_FOLDERS.length}`);
    for (const { note } of row.cells) {
      const other = noteRow.get(note);
      if (other !== undefined && other !== r)
        problems.push(`${where(row.line)}: note ${note} already serves the row "${questions[other]}"`);
      noteRow.set(note, r);
      if (!cited.includes(note)) cited.push(note);
    }
  });
  const numbers = table.notes.map((n) => n.n);
  if (numbers.join(',') !== cited.join(','))
    problems.push(
      `${rel(page)}: the notes are numbered ${numbers.join(',')}, but the cells cite ${cited.join(',')} ` +
        '(one note per number, in the order the cells cite them)',
    );
  const words = WORDS[edition];
  for (const note of table.notes) {
    const r = noteRow.get(note.n);
    if (r === undefined) continue;
    const question = (questions[r] ?? '').toLowerCase();
    const columns = new Set(
      (table.rows[r]?.cells ?? []).flatMap((c, col) => (c.note === note.n ? [COLUMN_FOLDERS[col]] : [])),
    );
    if (note.tests.length === 0 && !words.source.test(note.text))
      problems.push(`${where(note.line)}: note ${note.n} links no test and does not say ${words.source}`);
    let simulated = false;
    for (const test of note.tests) {
      const file = path.join(ROOT, test);
      if (!fs.existsSync(file)) {
        problems.push(`${where(note.line)}: note ${note.n} links ${test}, which does not exist`);
        continue;
      }
      const folder = test.split('/')[0];
      if (![...columns].includes(folder))
        problems.push(
          `${where(note.line)}: note ${note.n} is in the column of ${[...columns]}, but cites ${test}`,
        );
      const tag = choosingTag(file);
      if (!tag?.has(question)) {
        problems.push(
          `${where(note.line)}: note ${note.n} cites ${test} for "${question}", but the test's first lines ` +
            `have no "// choosing: ${question}" (it says: ${tag ? [...tag.keys()].join('; ') : 'nothing'})`,
        );
        continue;
      }
      if (tag.get(question)) simulated = true;
    }
    if (simulated && !words.simulated.test(note.text))
      problems.push(
        `${where(note.line)}: note ${note.n} cites a test that simulates the crash: say ${words.simulated}`,
      );
    if (!simulated && words.simulated.test(note.text) && note.tests.length > 0)
      problems.push(
        `${where(note.line)}: note ${note.n} says simulated, but no test it cites marks "${question}" ` +
          `(simulated)`,
      );
  }
  return problems;
}

const english = () => readTable(ENGLISH);
const chinese = () => readTable(CHINESE, read(CHINESE), 'Chinese');
const questions = () => english().rows.map((r) => r.question);

describe.each([
  ['English', ENGLISH, english],
  ['Chinese', CHINESE, chinese],
] as const)('%s 05-choosing.md', (edition, page, table) => {
  it('is one table of at least ten questions, six queues, and a note for every cell', () => {
    const t = table();
    expect(t.rows.length, `${rel(page)} has no table of questions`).toBeGreaterThanOrEqual(10);
    expect(t.columns).toHaveLength(COLUMN_FOLDERS.length);
  });

  it('ties every note to its row: each test it cites names that row in its "// choosing:" line', () => {
    const problems = tableProblems(page, table(), questions(), edition);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

it('the Chinese table gives the same answers, with the same notes citing the same tests', () => {
  const en = english();
  const zh = chinese();
  const cells = (t: Table) => t.rows.map((r) => r.cells.map((c) => `${c.mark} ${c.note}`).join(' | '));
  expect(cells(zh)).toEqual(cells(en));
  const cites = (t: Table) => t.notes.map((n) => `${n.n}: ${[...new Set(n.tests)].sort().join(', ')}`);
  expect(cites(zh)).toEqual(cites(en));
  const simulated = (t: Table, re: RegExp) => t.notes.filter((n) => re.test(n.text)).map((n) => n.n);
  expect(simulated(zh, WORDS.Chinese.simulated), 'notes that say 模拟 vs notes that say simulated').toEqual(
    simulated(en, WORDS.English.simulated),
  );
});

it(
  'the checker itself: a note citing a test that does not answer its row, or hiding a simulation, ' + 'fails',
  () => {
    const test = '03-redis/test/stalled-job-is-recovered.test.ts';
    const page = (note: string, mark = '✔ 2') =>
      [
        '| question | a | b | c | d | e | f |',
        '|---|---|---|---|---|---|---|',
        `| survives a worker crash | ✘ 1 | ✘ 1 | ${mark} | ✘ 1 | ✘ 1 | ✘ 1 |`,
        '',
        '1. Explained: nothing.',
        `2. ${note}`,
      ].join('\n');
    const problems = (markdown: string, q = 'survives a worker crash') =>
      tableProblems(ENGLISH, readTable(ENGLISH, markdown), [q], 'English').join('\n');
    expect(problems(page(`[stalled](../${test}) (simulated: the pop by hand)`))).toBe('');
    expect(problems(page(`[stalled](../${test})`))).toMatch(/simulates the crash: say/);
    expect(problems(page(`[stalled](../${test}) (simulated)`), 'keeps the push order')).toMatch(
      /first lines have no "\/\/ choosing: keeps the push order"/,
    );
    expect(problems(page('Believe it.'))).toMatch(/links no test/);
    expect(problems(page('Explained.', 'yes 2'))).toMatch(/is not "<✔\|✘\|partly> <note number>"/);
    expect(
      problems(page(`[stalled](../${test}) (simulated)`).replace('| ✘ 1 | ✘ 1 | ✔ 2', '| ✔ 2 | ✘ 1 | ✘ 1')),
    ).toMatch(/in the column of 01-memory/);
  },
);
