// Tests for exercise 3.2: SQLite in a temp dir, a private redis-server that is down during the
// sign-ups and started afterwards, and the chapter's own webhook worker and receiver.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { waitFor } from '../../common/time.ts';
import type { WebhookJob } from '../job.ts';
import { startReceiver } from '../support/receiver.ts';
import { startWebhookWorker } from '../worker.ts';
import { recorder as recordingLogger } from '../test/fixture.ts';
import { freePort } from '../../common/testing/ports.ts';
import { startPrivateRedis } from '../test/private-redis.ts';
import { afterTheQuickTests } from '../../common/testing/exercise.ts';
import * as problem from './3.2-transactional-outbox.problem.ts';
import * as solution from './3.2-transactional-outbox.solution.ts';

const { openDatabase, signUp, relayOnce, startRelay, redisPusher } =
  process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

const ada = { email: 'ada@example.com', name: 'Ada Lovelace' };
const grace = { email: 'grace@example.com', name: 'Grace Hopper' };
const alan = { email: 'alan@example.com', name: 'Alan Turing' };
const HOOKS = 'http://127.0.0.1:9/hooks';

let dir: string;
let db: ReturnType<typeof openDatabase>;
const cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeEach(async () => {
  const temp = await makeTempDir('ex-3.2-');
  dir = temp.dir;
  db = openDatabase(`${dir}/users.db`);
  cleanups.push(temp.remove, () => db.close());
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
const unsent = () => count('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL');

describe('signUp', () => {
  it('saves the user and its webhook job together, in the outbox', () => {
    const id = signUp(db, ada, HOOKS);

    expect(count('SELECT count(*) AS n FROM users')).toBe(1);
    const rows = db.prepare('SELECT job, sent_at AS sentAt FROM outbox').all() as Array<{
      job: string;
      sentAt: string | null;
    }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sentAt).toBeNull();
    expect(JSON.parse(rows[0]!.job)).toMatchObject({
      url: HOOKS,
      json: { eventId: `user-${id}-signed-up`, user: { id, ...ada } },
    });
  });

  it('saves neither when the outbox write fails: one transaction', () => {
    db.exec('DROP TABLE outbox'); // the second insert will fail
    expect(() => signUp(db, ada, HOOKS)).toThrow(/outbox/);
    expect(count('SELECT count(*) AS n FROM users')).toBe(0);
  });
});

describe('relayOnce', () => {
  it(
    'pushes unsent jobs oldest first, and stops at a failed push, leaving it and the rest for next ' + 'time',
    async () => {
      for (const user of [ada, grace, alan]) signUp(db, user, HOOKS);
      const pushed: string[] = [];
      let redisDown = false;
      const push = async (job: WebhookJob) => {
        if (redisDown) throw new Error('Redis is down');
        pushed.push(job.json.user.email);
        if (pushed.length === 1) redisDown = true; // Redis goes down after the first push
      };

      await expect(relayOnce(db, push)).rejects.toThrow('Redis is down');
      expect(pushed).toEqual(['ada@example.com']);
      expect(unsent()).toBe(2);

      redisDown = false;
      await expect(relayOnce(db, push)).resolves.toBe(2);
      expect(pushed).toEqual(['ada@example.com', 'grace@example.com', 'alan@example.com']);
      expect(unsent()).toBe(0);
      await expect(relayOnce(db, push)).resolves.toBe(0); // nothing is sent twice
    },
  );
});

describe('Redis down during the sign-ups', () => {
  it('delays the webhooks but loses none: they are delivered once Redis is back', async (ctx) => {
    afterTheQuickTests(ctx);
    const port = await freePort(); // nothing listens here yet: Redis is down
    const redisUrl = `redis://127.0.0.1:${port}`;
    const queueName = uniqueName('ex-3.2');
    const receiver = await startReceiver({ log: recordingLogger() });
    cleanups.push(() => receiver.close());
    const relayLog = recordingLogger();
    const pusher = redisPusher(queueName, redisUrl, relayLog);
    cleanups.push(() => pusher.stop());
    const relay = startRelay(db, pusher.push, { intervalMs: 50, log: relayLog });
    cleanups.push(() => relay.stop());

    // The sign-ups succeed: they only touch SQLite.
    const ids = [signUp(db, ada, receiver.url), signUp(db, grace, receiver.url)];
    expect(unsent()).toBe(2);
    await waitFor('a relay round to fail while Redis is down', () =>
      relayLog.lines.some((l) => l.includes('relay round failed')),
    );
    expect(unsent()).toBe(2);

    // Redis comes up on that port, and a worker of chapter 3 starts on it.
    const redis = await startPrivateRedis(port);
    cleanups.push(() => redis.kill());
    const worker = startWebhookWorker({ workerId: 'test', queueName, redisUrl, log: recordingLogger() });
    cleanups.push(() => worker.stop());
    await worker.ready;

    await waitFor('both webhooks delivered', () => receiver.delivered.size === 2, { timeoutMs: 15_000 });
    expect([...receiver.delivered.keys()].sort()).toEqual(ids.map((id) => `user-${id}-signed-up`).sort());
    expect(unsent()).toBe(0);
  });
});
