// choosing: shares the work among processes
// Three worker processes on one queue: 30 sign-ups through the HTTP server, every webhook delivered,
// none lost, and the work spread over more than one process.
import { describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../../common/time.ts';
import { postJson, SLOW, useChapter3 } from './fixture.ts';

const JOBS = 30;

describe('three worker processes sharing one queue', () => {
  const ch3 = useChapter3('pool');

  it(
    'deliver all 30 jobs between them, none lost',
    async () => {
      // A receiver taking 20 ms per call, like a real one: no worker can finish everything in an instant.
      const receiver = await ch3.receiver(() => sleep(20).then(() => 204));
      const app = await ch3.server({ webhookUrl: receiver.url });
      const workers = ['1', '2', '3'].map((id) => ch3.spawnWorker(id, ['--concurrency', '2']));
      await Promise.all(workers.map((w) => w.waitForLine(/ready: waiting for jobs/, SLOW.startMs)));

      const responses = await Promise.all(
        Array.from({ length: JOBS }, (_, i) =>
          postJson(`${app.url}/signup`, JSON.stringify({ email: `user${i}@example.com`, name: `User ${i}` })),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(JOBS).fill(201));

      await waitFor(`all ${JOBS} webhooks delivered`, () => receiver.delivered.size === JOBS, {
        timeoutMs: 30_000,
      });
      await waitFor('the queue to be empty', () => ch3.isDrained());

      const expected = Array.from({ length: JOBS }, (_, i) => `user-${i + 1}-signed-up`).sort();
      expect([...receiver.delivered.keys()].sort()).toEqual(expected);
      const byWorker = new Set([...receiver.delivered.values()].map((call) => call.deliveredBy));
      expect(byWorker.size).toBeGreaterThan(1);
      // Each worker's own log agrees with the receiver about who delivered what.
      for (const call of receiver.delivered.values()) {
        const worker = workers[Number(call.deliveredBy.replace('worker ', '')) - 1]!;
        expect(
          worker.lines.some(
            (l) => l.includes(`signup #${call.eventId.split('-')[1]} `) && l.includes('delivered'),
          ),
        ).toBe(true);
      }
    },
    SLOW.testMs,
  );
});
