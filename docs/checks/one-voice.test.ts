// The book speaks with one voice on what every page may touch:
//  - the article is credited with its date and subtitle wherever it is credited (a paragraph that names
//    xiaOp gives 2017-09-16 and 基于内存，持久化，Redis 和 RabbitMQ), so a reader can find it;
//  - one Node.js recommendation: 24, the current LTS (no page tells the reader to install 20 or 22);
//  - a learner's page carries no history of itself ("this page used to say", "an earlier version",
//    "passed 20 runs in a row", "the issue that asked for…"): that belongs in commit messages.
// Quoted text (“…”, "…") is left out, so the authors' rules in docs/README.md can name what they forbid.
import { describe, expect, it } from 'vitest';
import { blocks, bookPages, read, rel } from './markdown.ts';

const SUBTITLE = '基于内存，持久化，Redis和RabbitMQ';
const DATE = '2017-09-16';

const RULES: Array<[RegExp, string]> = [
  [
    new RegExp(
      [
        String.raw`\b(?:install|use|pick) Node\.js 20\b`,
        String.raw`Node\.js 20 or (?:newer|22)`,
        String.raw`nvm install 2[02]\b`,
        String.raw`安装 Node\.js 20`,
        String.raw`Node\.js 20 或(?:更新|22)`,
      ].join('|'),
      'gi',
    ),
    'recommend Node.js 24, the current LTS (20 is past its end of life; CI proves both)',
  ],
  [
    new RegExp(
      [
        String.raw`\bused to say\b`,
        'this page used to',
        'an earlier version',
        String.raw`\bruns? in a row\b`,
        'the issue that asked',
        '以前说|早先的版本|连续通过|那个 issue',
      ].join('|'),
      'gi',
    ),
    "a learner's page carries no history of itself: that belongs in the commit message",
  ],
];

export function voiceProblems(page: string, markdown: string): string[] {
  const problems: string[] = [];
  for (const { line, text } of blocks(markdown)) {
    const unquoted = text.replace(/“[^”]*”|"[^"]*"/g, '');
    for (const [re, fix] of RULES) {
      for (const m of unquoted.matchAll(re)) problems.push(`${rel(page)}:${line}: "${m[0]}": ${fix}`);
    }
    const compact = text.replace(/\s+/g, '');
    if (/xiaOp/.test(text) && !(compact.includes(DATE) && compact.includes(SUBTITLE)))
      problems.push(
        `${rel(page)}:${line}: the article is credited without its date (${DATE}) and subtitle ` +
          '(基于内存，持久化，Redis 和 RabbitMQ)',
      );
  }
  return problems;
}

describe('the book speaks with one voice', () => {
  it('the checker itself: an old Node.js advice, a page history, a bare credit are found', () => {
    const page = bookPages()[0] ?? '';
    expect(voiceProblems(page, 'Install Node.js 20 or 22.\n\nThis page used to say so.')).toHaveLength(2);
    expect(voiceProblems(page, "xiaOp's article (2017)")).toHaveLength(1);
    expect(
      voiceProblems(
        page,
        'xiaOp, 《Node.js 中的消息队列》, subtitled 基于内存，持久化，Redis 和\nRabbitMQ, 2017-09-16',
      ),
    ).toEqual([]);
    expect(voiceProblems(page, 'No history ("this page used to say").')).toEqual([]);
  });

  it.each(bookPages().map((p) => [rel(p), p] as const))('%s', (_name, page) => {
    const problems = voiceProblems(page, read(page));
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
