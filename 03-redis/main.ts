// npm run chapter:3 — the article's Redis section as one story:
//   a sign-up server (producer) -> Redis queue "invoke webhook" -> three worker processes -> a webhook
//   receiver that fails about a third of the calls. Watch who delivers what, the retries and the give-ups.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createLogger } from '../common/log.ts';
import { REDIS_URL } from '../common/config.ts';
import { requireRedis } from '../common/servers.ts';
import { waitFor } from '../common/time.ts';
import { deleteQueue, queueKeys, WEBHOOK_QUEUE } from './queue.ts';
import { failRandomly, startReceiver } from './receiver.ts';
import { startProcess } from './processes.ts';

const log = createLogger('main');
const WORKERS = 3;
// Overridable so a test can tell the same story on a queue and a database of its own.
const QUEUE_NAME = process.env.QUEUE_NAME ?? WEBHOOK_QUEUE;
const DB_FILE = process.env.DB_FILE ?? '.data/03-redis/users.db';
const PEOPLE = [
  ['ada@example.com', 'Ada Lovelace'],
  ['grace@example.com', 'Grace Hopper'],
  ['alan@example.com', 'Alan Turing'],
  ['edsger@example.com', 'Edsger Dijkstra'],
  ['barbara@example.com', 'Barbara Liskov'],
  ['donald@example.com', 'Donald Knuth'],
  ['margaret@example.com', 'Margaret Hamilton'],
  ['ken@example.com', 'Ken Thompson'],
  ['frances@example.com', 'Frances Allen'],
  ['john@example.com', 'John McCarthy'],
  ['radia@example.com', 'Radia Perlman'],
  ['tony@example.com', 'Tony Hoare'],
] as const;

const started = Date.now();
try {
  await requireRedis();
} catch (err) {
  // One line that says what to do, not a stack trace: nothing has started yet, nothing to clean up.
  log.error('error: %s', (err as Error).message);
  process.exit(1);
}
const redis = new Redis(REDIS_URL);
const keys = queueKeys(QUEUE_NAME);

// A fresh start: no jobs or failed jobs left from an earlier run, an empty users table.
const stale = await deleteQueue(redis, QUEUE_NAME);
if (stale) log('cleared %d key(s) of queue %j left from an earlier run', stale, QUEUE_NAME);
for (const suffix of ['', '-wal', '-shm']) rmSync(DB_FILE + suffix, { force: true });
mkdirSync(path.dirname(DB_FILE), { recursive: true });

// 1. The receiver (in this process), then the server and the workers (each its own process).
const receiver = await startReceiver({ policy: failRandomly({ rate: 0.35, seed: 3 }) });
const server = startProcess(new URL('./server.ts', import.meta.url), { PORT: '0', WEBHOOK_URL: receiver.url, DB_FILE, QUEUE_NAME });
const workers = Array.from({ length: WORKERS }, (_, i) =>
  startProcess(new URL('./worker.ts', import.meta.url), { WORKER_ID: String(i + 1), MAX_CONCURRENCY: '2', QUEUE_NAME }),
);

// If anything below fails, the finally block still stops every process this script started.
try {
  const serverUrl = (await server.waitForLine(/listening on (http\S+)/)).match(/listening on (http\S+)/)![1]!;
  await Promise.all(workers.map((w) => w.waitForLine(/ready: waiting for jobs/)));

  // 2. A burst of sign-ups, all at once, plus three the server must refuse.
  log('--- %d sign-ups at once, and three bad requests ---', PEOPLE.length);
  async function signUp(body: string) {
    const res = await fetch(`${serverUrl}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = await res.text();
    log(' [x] Sent %s -> %d %s', body, res.status, answer);
    return res.status;
  }
  const statuses = await Promise.all(PEOPLE.map(([email, name]) => signUp(JSON.stringify({ email, name }))));
  await signUp('{"email": "oops"');
  await signUp(JSON.stringify({ email: 'nobody@example.com' }));
  await signUp(JSON.stringify({ email: 'ada@example.com', name: 'Ada again' }));
  const queued = statuses.filter((s) => s === 201).length;

  // 3. Wait until every queued job has ended: delivered, or given up after its last attempt.
  await waitFor(
    'every job to be delivered or given up',
    async () => receiver.delivered.size + (await redis.llen(keys.failed)) === queued && (await redis.zcard(keys.timeout)) === 0,
    { timeoutMs: 30_000 },
  );

  // 4. What happened, from the receiver's side and from Redis.
  log('--- summary ---');
  for (let id = 1; id <= WORKERS; id++) {
    const jobs = [...receiver.delivered.values()].filter((c) => c.deliveredBy === `worker ${id}`);
    log('worker %d delivered %d: %s', id, jobs.length, jobs.map((c) => c.eventId).join(', ') || '-');
  }
  const failures = receiver.calls.filter((c) => c.status !== undefined && c.status >= 300);
  log('%d calls to the receiver, %d failed; %d jobs delivered of %d queued', receiver.calls.length, failures.length, receiver.delivered.size, queued);
  const givenUp = (await redis.lrange(keys.failed, 0, -1)).map((entry) => JSON.parse(entry).job.json.eventId);
  log('%d given up after 2 attempts, kept in %j: %s', givenUp.length, keys.failed, givenUp.join(', ') || '-');
  log("see them yourself: redis-cli lrange '%s' 0 -1", keys.failed);
} catch (err) {
  log.error('the story stopped early: %s', (err as Error).message);
  process.exitCode = 1;
} finally {
  // 5. Shut down: the server closes its queue client, the workers stop; every process exits by itself.
  log('--- shutting down ---');
  const codes = await Promise.all([server, ...workers].map((p) => p.stop()));
  await receiver.close();
  await redis.quit();
  log('all processes exited (codes %s) after %s s', codes.join(', '), ((Date.now() - started) / 1000).toFixed(1));
}
