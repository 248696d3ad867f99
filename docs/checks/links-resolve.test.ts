// Every relative link in README.md and docs/ leads somewhere: the file (or folder) exists, and a
// `#anchor` names a heading of the target page, slugged the way GitHub does it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchors, bookPages, isExternal, links, parse, read, rel } from './markdown.ts';

export function linkProblems(page: string): string[] {
  const problems: string[] = [];
  for (const { line, target } of links(parse(read(page)))) {
    if (isExternal(target)) continue;
    const where = `${rel(page)}:${line} -> ${target}`;
    const hash = target.indexOf('#');
    const filePart = decodeURI(hash >= 0 ? target.slice(0, hash) : target);
    const anchor = hash >= 0 ? decodeURIComponent(target.slice(hash + 1)) : '';
    const file = filePart === '' ? page : path.resolve(path.dirname(page), filePart);
    if (!fs.existsSync(file)) {
      problems.push(`${where}: ${rel(file)} does not exist`);
      continue;
    }
    if (anchor === '') continue;
    if (!file.endsWith('.md')) {
      problems.push(`${where}: an anchor into a file that is not Markdown`);
      continue;
    }
    const known = anchors(parse(read(file)));
    if (!known.has(anchor.toLowerCase())) {
      problems.push(`${where}: no heading "#${anchor}" in ${rel(file)} (it has: ${[...known].join(', ')})`);
    }
  }
  return problems;
}

describe('every relative link in the book resolves', () => {
  it.each(bookPages().map((p) => [rel(p), p] as const))('%s', (_name, page) => {
    const problems = linkProblems(page);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
