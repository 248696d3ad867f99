// What breaks in the article's version (article.ts: level-jobs with maxConcurrency 1 and its default
// 10 retries). A job that always fails (the remote service refuses event 3) uses up its retries, and
// level-jobs gives up on it without freeing its slot: no job behind it ever starts, and the process
// exits with them still waiting. Its queue is on disk, though: a kill -9 loses nothing, and the next
// start runs the failing job first, and stalls on it again. The article's remote service draws from
// Math.random; seed 3 (through support/seeded-random.ts, loaded before article.ts) fixes which of its
// calls fail, so events 0 to 2 are relayed within their eleven runs on every run of this test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScript, spawnScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import type { DoorEvent } from '../worker.ts';
import { readQueueState, type QueueState } from '../support/inspect.ts';

const ARTICLE = new URL('../article.ts', import.meta.url);
const SEEDED = {
  nodeArgs: [
    '--import',
    'tsx',
    '--import',
    fileURLToPath(new URL('../support/seeded-random.ts', import.meta.url)),
  ],
  env: { ARTICLE_SEED: '3' },
};

const ids = (jobs: Array<{ payload: DoorEvent }>) => jobs.map((job) => job.payload.id);
const relayed = (lines: string[]) =>
  lines.flatMap((line) => /^event (\d+) successfully relayed/.exec(line)?.[1] ?? []).map(Number);

describe("the article's version, with a job that always fails", () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let location: string;
  let first: Awaited<ReturnType<typeof runScript>>;
  let afterFirst: QueueState<DoorEvent>;

  beforeAll(async () => {
    tmp = await makeTempDir();
    location = path.join(tmp.dir, 'article');
    first = await runScript(ARTICLE, { args: [location], ...SEEDED });
    afterFirst = await readQueueState<DoorEvent>(location);
  });
  afterAll(() => tmp.remove());

  it('fails the same calls on every run with the seed (the lines the page shows)', () => {
    expect(first.lines.slice(0, 5), first.output).toEqual([
      'event 0 successfully relayed',
      'event 1 successfully relayed',
      'Error processing event 2: something awful has happened',
      'Error processing event 2: something awful has happened',
      'event 2 successfully relayed',
    ]);
  });

  it('gives up on that job after its retries and never starts the jobs behind it', () => {
    expect(first.code, first.output).toBe(0); // it just ends: nothing is left that could ever run
    expect(first.output).toMatch(/queue error: max retries reached/);
    const [stalled] = ids(afterFirst.running);
    expect(ids(afterFirst.running), first.output).toEqual([3]);
    expect(first.lines.filter((line) => line.startsWith(`Error processing event ${stalled}:`))).toHaveLength(
      11,
    ); // 1 run + 10 retries
    // Everything before it was relayed; everything after it is still waiting, never started.
    expect(
      relayed(first.lines).sort((a, b) => a - b),
      first.output,
    ).toEqual([0, 1, 2]);
    expect(ids(afterFirst.queued)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it(
    'keeps every job on disk across a kill -9, and stalls on the same job first after the ' + 'restart',
    async () => {
      const second = spawnScript(ARTICLE, { args: [location], ...SEEDED });
      const firstLine = await second.waitForLine(/event \d+/);
      await second.kill('SIGKILL');
      const afterKill = await readQueueState<DoorEvent>(location);

      expect(firstLine).toMatch(/^Error processing event 3:/);
      expect(ids(afterKill.running)).toEqual([3]);
      // The six jobs of the first run are still waiting, ahead of the ten the second run pushed.
      expect(ids(afterKill.queued).slice(0, 6)).toEqual([4, 5, 6, 7, 8, 9]);
    },
  );
});
