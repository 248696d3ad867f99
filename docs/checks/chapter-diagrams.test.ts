// Each chapter page draws its queue: a Mermaid flowchart (producer, queue, worker) and a Mermaid
// sequence diagram of one job that fails and is retried. In both editions.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS, ZH, parse, read, rel } from './markdown.ts';

const CHAPTERS = ['01-memory.md', '02-leveldb.md', '03-redis.md', '04-rabbitmq.md'];

function diagrams(page: string): { flowcharts: string[]; sequences: string[] } {
  const mermaid = parse(read(page))
    .fences.filter((f) => f.info === 'mermaid')
    .map((f) => f.body.join('\n').trim());
  return {
    flowcharts: mermaid.filter((d) => /^(flowchart|graph)\b/.test(d)),
    sequences: mermaid.filter((d) => /^sequenceDiagram\b/.test(d)),
  };
}

const FAILURE = /--?x|-\)|\bfail|\berror|\bnack|\breject|ECONN|失败|出错|错误/i;
const RETRY = /retr(y|ies)|again|redeliver|requeue|重试|再次|重新/i;

describe.each([
  ['English', DOCS],
  ['Chinese', ZH],
])('%s chapter pages have their two diagrams', (_edition, dir) => {
  it.each(CHAPTERS.map((name) => [rel(path.join(dir, name)), path.join(dir, name)] as const))(
    '%s',
    (name, page) => {
      expect(fs.existsSync(page), `${name} is missing`).toBe(true);
      const { flowcharts, sequences } = diagrams(page);
      expect(
        flowcharts.length,
        `${name}: no \`\`\`mermaid flowchart (producer -> queue -> worker)`,
      ).toBeGreaterThan(0);
      expect(
        flowcharts.some((d) => /producer|生产者/i.test(d) && /worker|consumer|工作进程|消费者/i.test(d)),
        `${name}: the flowchart should name the producer and the worker`,
      ).toBe(true);
      expect(sequences.length, `${name}: no \`\`\`mermaid sequenceDiagram of one job`).toBeGreaterThan(0);
      expect(
        sequences.some((d) => FAILURE.test(d) && RETRY.test(d)),
        `${name}: the sequence diagram should show a failure and its retry`,
      ).toBe(true);
    },
  );
});
