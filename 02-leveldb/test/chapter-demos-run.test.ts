// `npm run chapter:2 -- article` and `npm run chapter:2 -- crash-demo`, the two demonstrations the page
// walks through, run to their end with real child processes and a real kill -9. The crash demo counts
// what the remote service received (its own record) and what is in the dead letters: the test reads
// that count, so a second process that exits 0 without finishing the queue fails it.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';

const MAIN = new URL('../main.ts', import.meta.url);

describe('the chapter 2 demonstrations', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    tmp = await makeTempDir();
  });
  afterAll(() => tmp.remove());

  it('article: the stall, the jobs still on disk after kill -9, and where the 16 come from', async () => {
    const run = await runScript(MAIN, {
      args: ['article', '--db', path.join(tmp.dir, 'article'), '--seed', '3'],
      timeoutMs: 60_000,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/queue error: max retries reached/);
    expect(run.output).toContain('2. it gave up and exited: 6 job(s) waiting, 1 started and not finished');
    expect(run.output).toContain(
      '4. after kill -9: 16 job(s) waiting (6 from the first run, 10 new), 1 started and not finished',
    );
  }, 60_000);

  it('crash-demo: kills the story part-way, finishes in a new process, and counts 0 lost', async () => {
    const run = await runScript(MAIN, {
      args: ['crash-demo', '--db', path.join(tmp.dir, 'crash'), '--seed', '3', '--delay', '20'],
      timeoutMs: 60_000,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/3\. on disk: \d+ job\(s\) waiting, 1 started and not finished/);
    const count = /5\. counted: (\d+) of (\d+) events relayed .*, (\d+) dead-lettered, (\d+) lost/.exec(
      run.output,
    );
    expect(count, run.output).not.toBeNull();
    const [relayed, pushed, deadLettered, lost] = (count ?? []).slice(1).map(Number);
    expect({ pushed, lost }, run.output).toEqual({ pushed: 10, lost: 0 });
    expect((relayed ?? 0) + (deadLettered ?? 0), run.output).toBeGreaterThanOrEqual(10);
  }, 60_000);
});
