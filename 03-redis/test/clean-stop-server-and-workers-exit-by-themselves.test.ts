// Ctrl-C in each terminal, as the page says, with real processes: the sign-up server (`-- server`) and
// a worker (`-- worker`) each exit by themselves, code 0, killed by nobody. The server's 'close' handler
// stops its queue client (without it the Redis connection would keep the process alive forever). A
// worker stopped with a job in hand says so, and that job is redone by another worker once its timeout
// has passed. (The job's timeout is a minute; once worker A has exited, its deadline is moved into the
// past, which is all the timeout watchdog reads: killed-worker-job-is-redelivered waits for a real one.)
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { postJson, SLOW, useChapter3 } from './fixture.ts';

describe('Ctrl-C in the server and worker terminals', () => {
  const ch3 = useChapter3('clean-stop');

  it(
    'each process exits by itself with code 0; the stopped worker’s job in hand is redone after its timeout',
    async () => {
      // Worker A's call is answered only once A has stopped: A holds the job when Ctrl-C comes.
      let aStopped = false;
      const receiver = await ch3.receiver(async (call) => {
        if (call.deliveredBy !== 'worker A') return 204;
        await waitFor('worker A to stop', () => aStopped, { timeoutMs: SLOW.testMs });
        return 204;
      });
      const server = ch3.spawnServer(receiver.url, ['--job-timeout-ms', '60000']);
      const workerA = ch3.spawnWorker('A');
      const url = /listening on (http\S+)/.exec(
        await server.waitForLine(/listening on http/, SLOW.startMs),
      )?.[1];
      await workerA.waitForLine(/ready: waiting for jobs/, SLOW.startMs);
      const signup = await postJson(
        `${url}/signup`,
        JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
      );
      expect(signup.status).toBe(201);
      await waitFor('worker A to be in the middle of the job', () =>
        receiver.calls.find((c) => c.deliveredBy === 'worker A'),
      );
      // Worker B starts now: the job is A's until its timeout has passed.
      const workerB = ch3.spawnWorker('B');

      workerA.process.kill('SIGINT');
      await workerA.waitForLine(/stopped$/, SLOW.startMs);
      aStopped = true;
      expect(await workerA.exited).toEqual({ code: 0, signal: null });
      expect(workerA.lines).toContain(
        '[worker A] stopping with 1 job(s) in flight: they will be redelivered after their timeout',
      );

      // The job is still in Redis, in the timeout set; its timeout passes, and worker B delivers it again.
      const [id] = await ch3.redis.zrange(ch3.keys().timeout, 0, -1);
      expect(await ch3.redis.zadd(ch3.keys().timeout, 'XX', 'CH', 0, id!)).toBe(1);
      await waitFor(
        'worker B to deliver the job',
        () => receiver.calls.find((c) => c.deliveredBy === 'worker B'),
        {
          timeoutMs: SLOW.startMs,
        },
      );
      await waitFor('the queue to be empty', () => ch3.isDrained());
      expect(receiver.calls.map((c) => [c.deliveredBy, c.status])).toEqual([
        ['worker A', 204],
        ['worker B', 204],
      ]);

      for (const child of [server, workerB]) child.process.kill('SIGINT');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.lines).toContain('[server] closed: queue client stopped, database closed');
      expect(await workerB.exited).toEqual({ code: 0, signal: null });
      expect(workerB.lines.at(-1)).toBe('[worker B] stopped');
    },
    SLOW.testMs,
  );
});
