// A page that cites a test which only simulates its crash says so. The tests mark themselves: their
// `// choosing:` line (see choosing-links-tests.test.ts) puts "(simulated)" after each question they
// answer by simulating the failure (a key written by hand, a pop made by the test, a socket destroyed
// through a Proxy, stop_app for a restart). Where every question of a test is simulated, any paragraph or
// table row of the book that cites it (a link to the file, or its name in backticks) says "simulated"
// (模拟 in the Chinese edition).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, ZH, blocks, bookPages, choosingTag, read, rel } from './markdown.ts';

/** Test files (repository paths) whose every answered question is simulated. */
export function simulatedTests(): string[] {
  const out: string[] = [];
  for (const chapter of ['01-memory', '02-leveldb', '03-redis', '04-rabbitmq']) {
    const dir = path.join(ROOT, chapter, 'test');
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.test.ts'))) {
      const tag = choosingTag(path.join(dir, name));
      if (tag && tag.size > 0 && [...tag.values()].every(Boolean)) out.push(`${chapter}/test/${name}`);
    }
  }
  return out;
}

export function unnamedSimulations(page: string, markdown: string, tests: string[]): string[] {
  const said = page.startsWith(ZH) ? /模拟/ : /\bsimulat/i;
  const problems: string[] = [];
  for (const { line, text } of blocks(markdown)) {
    for (const test of tests) {
      const name = path.basename(test).replace(/\.test\.ts$/, '');
      const cited = text.includes(`${name}.test.ts`) || text.includes(`\`${name}\``);
      if (cited && !said.test(text))
        problems.push(
          `${rel(page)}:${line}: cites ${test}, which simulates its crash, without saying so (${said})`,
        );
    }
  }
  return problems;
}

describe('a page that cites a test which simulates its crash says so', () => {
  const tests = simulatedTests();

  it('finds the simulated tests, and the checker itself reports a row that hides one', () => {
    expect(tests).toContain('03-redis/test/stalled-job-is-recovered.test.ts');
    const page = path.join(ROOT, 'docs', 'x.md');
    const stalled = ['03-redis/test/stalled-job-is-recovered.test.ts'];
    expect(unnamedSimulations(page, '| recovers | `stalled-job-is-recovered` |', stalled)).toHaveLength(1);
    expect(
      unnamedSimulations(page, '| recovers (simulated) | `stalled-job-is-recovered` |', stalled),
    ).toEqual([]);
  });

  it.each(bookPages().map((p) => [rel(p), p] as const))('%s', (_name, page) => {
    const problems = unnamedSimulations(page, read(page), tests);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
