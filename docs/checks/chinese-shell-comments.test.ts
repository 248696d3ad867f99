// One rule for shell blocks in the Chinese edition: the comments a reader reads (`# …` in a sh, bash or
// shell block) are written in Chinese; commands and program output stay exactly as in the English edition.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZH, editionPages, parse, read, rel } from './markdown.ts';

const SHELL = /^(sh|bash|shell|console)$/;
const CJK = /[\u3400-\u9fff]/;

/** Comments in a page's shell blocks that hold no Chinese, as "file:line: comment". */
export function englishShellComments(page: string, markdown: string): string[] {
  const found: string[] = [];
  for (const fence of parse(markdown).fences) {
    if (!SHELL.test(fence.info)) continue;
    fence.body.forEach((line, i) => {
      const comment = /(?:^|\s)#\s+(.*)$/.exec(line)?.[1];
      if (comment && !CJK.test(comment)) found.push(`${rel(page)}:${fence.line + i + 1}: # ${comment}`);
    });
  }
  return found;
}

describe('the Chinese edition writes the comments in its shell blocks in Chinese', () => {
  it('the checker itself: an English comment is found, a Chinese one and a # inside a word are not', () => {
    const page = path.join(ZH, 'x.md');
    expect(englishShellComments(page, '```sh\nnpm test   # runs the tests\n```')).toHaveLength(1);
    expect(englishShellComments(page, '```sh\nnpm test   # 运行测试\ncurl a#b\n```')).toEqual([]);
  });

  it.each(editionPages(ZH))('docs/zh-CN/%s', (name) => {
    const page = path.join(ZH, name);
    const found = englishShellComments(page, read(page));
    expect(found, `comments to write in Chinese:\n${found.join('\n')}`).toEqual([]);
  });
});
