// `npm run chapter:3` is what a reader runs: it must tell the whole story (sign-ups, retries, give-ups,
// a clean shutdown) and exit 0. Same script, on a queue and a database of this test's own.
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { failRandomly } from '../support/receiver.ts';
import { deleteQueue } from '../support/redis.ts';
import { MAIN, SLOW, useChapter3 } from './fixture.ts';

/** The story's receiver: attempts fail by (eventId, attempt) alone, so which events run out is known. */
const policy = failRandomly({ rate: 0.35, seed: 3 });
const fails = (eventId: string, attempt: number) =>
  policy({ eventId, attempt, deliveredBy: '', body: null }) !== 204;

describe('npm run chapter:3', () => {
  const ch3 = useChapter3('chapter-3');
  // If the story is killed (it hangs past the timeout), its server and workers would be orphaned and
  // keep running: each prints its pid, and every one still alive is killed here.
  const pids = new Set<number>();
  afterAll(() => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone: the story stopped it, as it should
      }
    }
  });

  it(
    'tells the story: sign-ups, retries, give-ups, a clean shutdown',
    async () => {
      const storyQueue = `story: ${ch3.queueName}`;
      ch3.defer(() => deleteQueue(ch3.redis, storyQueue));
      const { code, signal, output, lines } = await runScript(MAIN, {
        env: { QUEUE_NAME: ch3.queueName, DATA_DIR: ch3.dataDir },
        timeoutMs: SLOW.testMs - 10_000,
      });
      if (signal) for (const m of output.matchAll(/\(pid (\d+)\)/g)) pids.add(Number(m[1]));

      expect(code, output).toBe(0);
      expect(lines.filter((l) => /\[main\] {2}\[x\] Sent .* -> 201 /.test(l))).toHaveLength(12);
      expect(output).toContain('-> 400 {"ok":false,"error":"body is not valid JSON');
      expect(output).toContain('-> 409 {"ok":false,"error":"ada@example.com has already signed up"}');
      expect(output).toMatch(/goes back in the queue for another attempt/);

      // Every job ended one way or the other, and every failed attempt was a call the receiver answered 500.
      const [, calls, failed, delivered] = (
        output.match(/(\d+) calls to the receiver, (\d+) failed; (\d+) jobs delivered of 12 queued/) ?? []
      ).map(Number);
      const [, failedKey, list] = output.match(/given up after 2 attempts, kept in "([^"]+)": (.*)/) ?? [];
      expect(failedKey).toBe(`${storyQueue}-failed`);
      const givenUp = (list ?? '').split(', ').filter((e) => e !== '-');
      expect(delivered! + givenUp.length, output).toBe(12);
      expect(calls).toBe(failed! + delivered!);
      // Which events run out of attempts follows from the seeded receiver: those whose attempts 1 and 2
      // both fail. (Checked on every run: a job is redelivered after a timeout only if one attempt took
      // 30 s or a popped job waited 5 s to start, and then this check fails rather than being skipped.)
      const expected = Array.from({ length: 12 }, (_, i) => `user-${i + 1}-signed-up`).filter(
        (e) => fails(e, 1) && fails(e, 2),
      );
      expect(givenUp.sort(), output).toEqual(expected.sort());
      expect(output).not.toMatch(/ran past its timeout|was popped but never started/);
      expect(output).toContain('all processes exited (codes 0, 0, 0, 0)');
    },
    SLOW.testMs,
  ); // five processes start on a busy machine
});
