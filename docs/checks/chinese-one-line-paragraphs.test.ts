// The Chinese edition writes one paragraph on one line: a line break between two Chinese characters
// (or Chinese punctuation) shows as a stray space in a browser. Counted the way the project's before-stop
// hook counts them: outside code blocks, two non-empty lines in a row where the first ends and the second
// starts with a Chinese character or a full-width mark.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZH, editionPages, read, rel } from './markdown.ts';

const CJK = /^[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]$/u;

/** The 1-based lines that end a Chinese line which the next line continues. */
export function strayBreaks(markdown: string): number[] {
  const lines: Array<{ line: number; text: string }> = [];
  let code = false;
  markdown.split('\n').forEach((text, i) => {
    if (text.startsWith('```')) code = !code;
    else if (!code) lines.push({ line: i + 1, text });
  });
  const found: number[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i]?.text ?? '';
    const b = (lines[i + 1]?.text ?? '').trimStart();
    if (a !== '' && b !== '' && CJK.test(a.at(-1) ?? '') && CJK.test(b[0] ?? ''))
      found.push(lines[i]?.line ?? 0);
  }
  return found;
}

describe('the Chinese edition keeps each paragraph on one line', () => {
  it(
    'the checker itself: a break between two Chinese characters is found, one before a list item or code ' +
      'is not',
    () => {
      expect(strayBreaks('第一行写到这里\n接着写。\n')).toEqual([1]);
      expect(strayBreaks('一段话。\n\n- 列表\n- 第二项\n```\n代码\n代码\n```\n')).toEqual([]);
    },
  );

  it.each(editionPages(ZH))('docs/zh-CN/%s', (name) => {
    const page = path.join(ZH, name);
    const found = strayBreaks(read(page)).map((line) => `${rel(page)}:${line}`);
    expect(
      found,
      `line breaks inside a Chinese paragraph (join each with the next line):\n${found.join('\n')}`,
    ).toEqual([]);
  });
});
