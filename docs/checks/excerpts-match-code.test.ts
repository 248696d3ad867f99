// Every fenced block marked `<!-- excerpt: path/to/file.ts -->` must be a contiguous run of lines of that
// file, exactly (trailing whitespace aside): a reader who copies an excerpt gets the code that runs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { ROOT, bookPages, excerpts, locate, parse, read, rel } from './markdown.ts';

const sourceLine = (line: string | undefined) =>
  line === undefined ? '(no line of the file starts this block)' : JSON.stringify(line);

/** One line per problem: `doc:line excerpt of source: what is wrong`. */
export function excerptProblems(page: string): string[] {
  const problems: string[] = [];
  for (const ex of excerpts(parse(read(page)))) {
    const where = `${rel(page)}:${ex.line} excerpt of ${ex.source}`;
    const source = path.join(ROOT, ex.source);
    if (!ex.fence) {
      problems.push(`${where}: the marker is not followed by a fenced code block`);
      continue;
    }
    if (!fs.existsSync(source) || !fs.statSync(source).isFile()) {
      problems.push(`${where}: ${ex.source} does not exist`);
      continue;
    }
    if (ex.fence.body.every((l) => l.trim() === '')) {
      problems.push(`${where}: the code block is empty`);
      continue;
    }
    const result = locate(ex.fence.body, read(source).split(/\r?\n/));
    if (!result.found) {
      const docLine = ex.fence.line + result.excerptLine;
      problems.push(
        `${where}: drifted at ${rel(page)}:${docLine} (line ${result.excerptLine} of the block)\n` +
          `    doc:    ${JSON.stringify(result.got)}\n` +
          `    source: ${sourceLine(result.expected)}`,
      );
    }
  }
  return problems;
}

describe('every code excerpt in the docs matches its source file', () => {
  const pages = bookPages();

  it('the book has pages with excerpts to check', () => {
    const marked = pages.filter((p) => excerpts(parse(read(p))).length > 0);
    expect(marked.map(rel)).toContain('docs/01-memory.md');
  });

  it('a drifted excerpt is reported with its doc, line and source', async () => {
    // The checker checking itself: a page whose excerpt has one changed line must fail, naming where.
    const tmp = await makeTempDir('excerpt-check-');
    const page = path.join(tmp.dir, 'drifted.md');
    const real = read(path.join(ROOT, '01-memory/queue.ts')).split('\n');
    const start = real.findIndex((l) => l.startsWith('export function createQueue'));
    const block = real.slice(start, start + 3);
    block[1] = '  return async.queue(work, 2);';
    fs.writeFileSync(
      page,
      ['# t', '', '<!-- excerpt: 01-memory/queue.ts -->', '```ts', ...block, '```', ''].join('\n'),
    );
    const problems = excerptProblems(page);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/drifted\.md:3 excerpt of 01-memory\/queue\.ts: drifted at .*drifted\.md:6/);
    expect(problems[0]).toContain('async.queue(work, 2)');
    await tmp.remove();
  });

  it.each(pages.map((p) => [rel(p), p] as const))('%s', (_name, page) => {
    expect(excerptProblems(page), excerptProblems(page).join('\n')).toEqual([]);
  });
});
