// npm run chapter:3 — the whole chapter in one terminal: a webhook receiver (in this process) that fails
// about a third of the calls, the sign-up server and three worker processes, a burst of sign-ups.
// Watch who delivers what, the retries and the give-ups. Other modes:
//   npm run chapter:3 -- article                          the article's listing (article.ts), as it runs
// today
//   npm run chapter:3 -- receiver [--port 4000] [--fail-rate 0.35] [--delay-ms 0]   only the receiver,
//                                                         for the walkthrough in separate terminals
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createLogger } from '../common/log.ts';
import { errorMessage } from '../common/errors.ts';
import { REDIS_URL } from '../common/config.ts';
import { requireRedis } from '../common/servers.ts';
import { sleep, waitFor } from '../common/time.ts';
import { WEBHOOK_QUEUE } from './job.ts';
import { deleteQueue, existingKeys, queueKeys } from './support/redis.ts';
import { failRandomly, startReceiver } from './support/receiver.ts';
import { startServerProcess, startWorkerPool } from './support/worker-pool.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '4000' },
    'fail-rate': { type: 'string', default: '0.35' },
    'delay-ms': { type: 'string', default: '0' },
  },
});
const mode = positionals[0] ?? 'story';
const log = createLogger('main');
const QUEUE_NAME = process.env.QUEUE_NAME ?? WEBHOOK_QUEUE; // a test tells the story on a queue of its own
const DB_FILE = process.env.DB_FILE ?? '.data/03-redis/users.db';
const PEOPLE = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Edsger Dijkstra',
  'Barbara Liskov',
  'Donald Knuth',
  'Margaret Hamilton',
  'Ken Thompson',
  'Frances Allen',
  'John McCarthy',
  'Radia Perlman',
  'Tony Hoare',
];

if (mode === 'article') {
  await article();
} else if (mode === 'receiver') {
  const [failRate, delayMs] = [Number(values['fail-rate']), Number(values['delay-ms'])];
  const failing = failRandomly({ rate: failRate, seed: Date.now() });
  const receiver = await startReceiver({
    log: createLogger('receiver'),
    port: Number(values.port),
    policy: (call) => sleep(delayMs).then(() => failing(call)),
  });
  log(
    'webhook receiver on %s: fails %d%% of the calls, answers after %d ms. Ctrl-C to stop.',
    receiver.url,
    failRate * 100,
    delayMs,
  );
  process.once('SIGINT', () => void receiver.close());
} else if (mode === 'story') {
  await story();
} else {
  log.error('unknown mode %j: try story (the default), article or receiver', mode);
  process.exitCode = 2;
}

async function story() {
  const started = Date.now();
  try {
    await requireRedis();
  } catch (err) {
    log.error('error: %s', errorMessage(err)); // one line, no stack
    process.exitCode = 1;
    return;
  }
  const redis = new Redis(REDIS_URL);
  const keys = queueKeys(QUEUE_NAME);
  // A fresh start: no jobs or failed jobs left from an earlier run, an empty users table.
  const stale = await deleteQueue(redis, QUEUE_NAME);
  if (stale) log('cleared %d key(s) of queue %j left from an earlier run', stale, QUEUE_NAME);
  for (const suffix of ['', '-wal', '-shm']) rmSync(DB_FILE + suffix, { force: true });
  mkdirSync(path.dirname(DB_FILE), { recursive: true });

  // 1. The receiver (in this process), then the server and the workers (each its own process).
  const receiver = await startReceiver({
    log: createLogger('receiver'),
    policy: failRandomly({ rate: 0.35, seed: 3 }),
  });
  const processes = [];
  try {
    const server = await startServerProcess({ WEBHOOK_URL: receiver.url, DB_FILE, QUEUE_NAME });
    processes.push(server.child);
    processes.push(...(await startWorkerPool(3, { MAX_CONCURRENCY: '2', QUEUE_NAME })));

    // 2. A burst of sign-ups, all at once, plus three the server must refuse.
    log('--- %d sign-ups at once, and three bad requests ---', PEOPLE.length);
    async function signUp(body: string) {
      const res = await fetch(`${server.url}/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      log(' [x] Sent %s -> %d %s', body, res.status, await res.text());
      return res.status;
    }
    const people = PEOPLE.map((name) => ({
      email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
      name,
    }));
    const statuses = await Promise.all(people.map((p) => signUp(JSON.stringify(p))));
    await signUp('{"email": "oops"');
    await signUp(JSON.stringify({ email: 'nobody@example.com' }));
    await signUp(JSON.stringify({ email: 'ada@example.com', name: 'Ada again' }));
    const queued = statuses.filter((s) => s === 201).length;

    // 3. Wait until every queued job has ended: delivered, or given up after its last attempt.
    await waitFor(
      'every job to be delivered or given up',
      async () =>
        receiver.delivered.size + (await redis.llen(keys.failed)) === queued &&
        (await redis.zcard(keys.timeout)) === 0,
      { timeoutMs: 60_000 },
    );

    // 4. What happened, from the receiver's side and from Redis.
    log('--- summary ---');
    for (let id = 1; id <= 3; id++) {
      const jobs = [...receiver.delivered.values()].filter((c) => c.deliveredBy === `worker ${id}`);
      log('worker %d delivered %d: %s', id, jobs.length, jobs.map((c) => c.eventId).join(', ') || '-');
    }
    const failures = receiver.calls.filter((c) => c.status !== undefined && c.status >= 300);
    log(
      '%d calls to the receiver, %d failed; %d jobs delivered of %d queued',
      receiver.calls.length,
      failures.length,
      receiver.delivered.size,
      queued,
    );
    const givenUp = (await redis.lrange(keys.failed, 0, -1)).map(
      (entry) => JSON.parse(entry).job.json.eventId,
    );
    log(
      '%d given up after 2 attempts, kept in %j: %s',
      givenUp.length,
      keys.failed,
      givenUp.join(', ') || '-',
    );
    log("see them yourself: redis-cli lrange '%s' 0 -1", keys.failed);
  } catch (err) {
    log.error('the story stopped early: %s', errorMessage(err));
    process.exitCode = 1;
  } finally {
    // 5. Shut down: the server closes its queue client, the workers stop; every process exits by itself.
    log('--- shutting down ---');
    const exits = await Promise.all(processes.map((p) => p.stop()));
    await receiver.close();
    await redis.quit();
    log(
      'all processes exited (codes %s) after %s s',
      exits.map((e) => e.code).join(', '),
      ((Date.now() - started) / 1000).toFixed(1),
    );
  }
}

/** Runs article.ts: one request, a webhook that fails twice, then the server closes. What is left? */
async function article() {
  await requireRedis();
  // Where nothing listens (the discard port), so both attempts fail; any free port for the server.
  process.env.WEBHOOK_URL ??= 'http://127.0.0.1:9/hooks';
  process.env.PORT ??= '0';
  const { server, worker, webhookQueueClient } = await import('./article.ts');
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  await new Promise((resolve) => worker.once('ready', () => resolve(undefined)));
  const res = await fetch(
    `http://127.0.0.1:${(server.address() as { port: number }).port}/some/important/action`,
    { method: 'POST' },
  );
  log('POST /some/important/action -> %d %s', res.status, await res.text());
  await new Promise((resolve) => worker.once('max retries', resolve));
  const redis = new Redis(REDIS_URL);
  // Its hash, its id in a list or the timeout set: anything but the chapter's own failed list.
  const jobKeys = async () =>
    (await existingKeys(redis, QUEUE_NAME)).filter((key) => key !== queueKeys(QUEUE_NAME).failed);
  await waitFor('the given-up job to be deleted', async () => (await jobKeys()).length === 0);
  log('keys of the job left in Redis: none. It is gone; only the log line above says it existed.');
  await redis.quit();
  process.once('uncaughtException', (err) => {
    log('closing the server threw: %s. The method is stop(); stopping everything with it.', err.message);
    webhookQueueClient.stop(() => worker.stop(() => log('stopped')));
  });
  server.close();
}
