// `npm run chapter:2 -- article` and `npm run chapter:2 -- crash-demo`, the two demonstrations the page
// walks through, run to their end with real child processes and a real kill -9, and say what they show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';

const MAIN = new URL('../main.ts', import.meta.url);

describe('the chapter 2 demonstrations', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    tmp = await makeTempDir();
  });
  afterAll(() => tmp.remove());

  it('article: shows the stall, then the jobs still on disk after kill -9', async () => {
    const run = await runScript(MAIN, {
      args: ['article', '--db', path.join(tmp.dir, 'article')],
      timeoutMs: 60_000,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/queue error: max retries reached/);
    expect(run.output).toMatch(/2\. it gave up and exited: \d+ job\(s\) waiting, 1 started and not finished/);
    expect(run.output).toMatch(/4\. after kill -9: \d+ job\(s\) waiting, 1 started and not finished/);
  }, 60_000);

  it('crash-demo: kills the story part-way and finishes every event in a new process', async () => {
    const run = await runScript(MAIN, {
      args: ['crash-demo', '--db', path.join(tmp.dir, 'crash'), '--seed', '5', '--delay', '20'],
      timeoutMs: 60_000,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/3\. on disk: \d+ job\(s\) waiting, 1 started and not finished/);
    expect(run.output).toMatch(
      /every event pushed before the crash was relayed or dead-lettered\. Nothing was lost\./,
    );
  }, 60_000);
});
