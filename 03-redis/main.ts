// npm run chapter:3: the whole chapter in one terminal. A webhook receiver (in this process) that fails
// about a third of the calls, the sign-up server and three worker processes, a burst of sign-ups; then
// who delivered what, the retries and the give-ups. The modes below start the same parts one by one, each
// in its own terminal, as docs/03-redis.md does: `npm run chapter:3 -- --help` lists them.
import { Redis } from 'ioredis';
import { REDIS_URL } from '../common/config.ts';
import { errorMessage } from '../common/errors.ts';
import { createLogger } from '../common/log.ts';
import { requireRedis } from '../common/servers.ts';
import { waitFor } from '../common/time.ts';
import { startSignupServer } from './server.ts';
import { startWebhookWorker } from './worker.ts';
import { runArticle } from './support/article-run.ts';
import { parseArgs } from './support/cli.ts';
import { onStopSignal, freshDatabase } from './support/entry.ts';
import { NAMES } from './support/names.ts';
import { failRandomly, serveReceiver, startReceiver } from './support/receiver.ts';
import { deleteQueue, queueKeys } from './support/redis.ts';
import { reset } from './support/reset.ts';
import { startServerProcess, startWorkerPool, summary } from './support/worker-pool.ts';

const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov']
  .concat(['Donald Knuth', 'Margaret Hamilton', 'Ken Thompson', 'Frances Allen', 'John McCarthy'])
  .concat(['Radia Perlman', 'Tony Hoare']);

async function story() {
  const log = createLogger('main');
  const started = Date.now();
  const redis = new Redis(REDIS_URL);
  const [queue, dbFile] = [NAMES.storyQueue, NAMES.storyDbFile];
  // A fresh start on the story's own queue and database: nothing left from an earlier run of it.
  const stale = await deleteQueue(redis, queue);
  if (stale) log('cleared %d key(s) of queue %j left from an earlier run', stale, queue);
  freshDatabase(dbFile);

  // 1. The receiver (in this process), then the server and the workers (each its own process).
  const receiver = await startReceiver({
    log: createLogger('receiver'),
    policy: failRandomly({ rate: 0.35, seed: 3 }),
  });
  const processes = [];
  try {
    // Started side by side; whichever did start is stopped below, even if the other failed.
    const options = ['--webhook-url', receiver.url, '--db-file', dbFile, '--queue', queue];
    const [started, workers] = await Promise.allSettled([
      startServerProcess(options),
      startWorkerPool(3, ['--concurrency', '2', '--queue', queue]),
    ]);
    if (started.status === 'fulfilled') processes.push(started.value.child);
    if (workers.status === 'fulfilled') processes.push(...workers.value);
    if (started.status === 'rejected') throw started.reason;
    if (workers.status === 'rejected') throw workers.reason;
    const server = started.value;

    // 2. A burst of sign-ups, all at once, plus three the server must refuse.
    log('--- %d sign-ups at once, and three bad requests ---', PEOPLE.length);
    async function signUp(body: string) {
      const headers = { 'content-type': 'application/json' };
      const res = await fetch(`${server.url}/signup`, { method: 'POST', headers, body });
      log(' [x] Sent %s -> %d %s', body, res.status, await res.text());
      return res.status;
    }
    const email = (name: string) => `${name.split(' ')[0]?.toLowerCase()}@example.com`;
    const statuses = await Promise.all(
      PEOPLE.map((name) => signUp(JSON.stringify({ email: email(name), name }))),
    );
    await signUp('{"email": "oops"');
    await signUp(JSON.stringify({ email: 'nobody@example.com' }));
    await signUp(JSON.stringify({ email: 'ada@example.com', name: 'Ada again' }));
    const queued = statuses.filter((s) => s === 201).length;

    // 3. Wait until every queued job has ended: delivered, or given up after its last attempt.
    const keys = queueKeys(queue);
    const ended = async () => receiver.delivered.size + (await redis.llen(keys.failed)) === queued;
    const idle = async () => (await ended()) && (await redis.zcard(keys.timeout)) === 0;
    await waitFor('every job to be delivered or given up', idle, { timeoutMs: 60_000 });

    // 4. What happened, from the receiver's side and from Redis.
    await summary(log, receiver, await redis.lrange(keys.failed, 0, -1), keys.failed, queued);
  } catch (err) {
    log.error('the story stopped early: %s', errorMessage(err));
    process.exitCode = 1;
  } finally {
    // 5. Shut down: the server closes its queue client, the workers stop; every process exits by itself.
    log('--- shutting down ---');
    const exits = await Promise.all(processes.map((p) => p.stop()));
    await receiver.close();
    await redis.quit();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log('all processes exited (codes %s) after %s s', exits.map((e) => e.code).join(', '), seconds);
  }
}

// ---- The modes: the same parts, one per terminal (docs/03-redis.md, "Putting it together"). ----

type Args<M> = Extract<ReturnType<typeof parseArgs>, { mode: M }>;

async function runServer({ port, webhookUrl, dbFile, jobTimeoutMs, queue }: Args<'server'>) {
  const log = createLogger('server');
  freshDatabase(dbFile, { keep: true });
  const { server, url } = await startSignupServer({
    dbFile,
    webhookUrl,
    queueName: queue,
    port,
    jobTimeoutMs,
    log,
  });
  log('listening on %s (POST /signup), users in %s (pid %d)', url, dbFile, process.pid);
  // Closing the server is all it takes: its 'close' handler stops the queue client and the database,
  // and with no connection left open the process exits by itself. No process.exit().
  onStopSignal(() => {
    log('stopping');
    server.close();
  });
}

function runWorker({ id, concurrency, queue }: Args<'worker'>) {
  const log = createLogger(`worker ${id}`);
  const it = startWebhookWorker({ workerId: id, queueName: queue, maxConcurrency: concurrency, log });
  it.ready.then(() => log('ready: waiting for jobs on %j (pid %d)', queue, process.pid));
  onStopSignal(() => {
    // stop() does not wait for jobs in flight: they stay in Redis and another worker redoes them after
    // their timeout. Say so, rather than pretend they finished.
    const n = it.inFlight();
    log('stopping%s', n ? ` with ${n} job(s) in flight: they will be redelivered after their timeout` : '');
    it.stop().then(() => log('stopped'));
  });
}

// ---- Dispatch ----

const args = parseArgs();
try {
  // One clear line if Redis is not there, at once. A worker waits for it instead: it connects when
  // Redis answers.
  if (args.mode === 'worker')
    requireRedis().catch((err) => console.error('[main] %s; waiting for it', errorMessage(err)));
  else if (args.mode !== 'receiver') await requireRedis();
  if (args.mode === 'story') await story();
  if (args.mode === 'article') await runArticle(args.fail);
  if (args.mode === 'receiver') await serveReceiver(args);
  if (args.mode === 'server') await runServer(args);
  if (args.mode === 'worker') runWorker(args);
  if (args.mode === 'reset') await reset();
} catch (err) {
  console.error('[main] error: %s', errorMessage(err)); // one line, no stack
  process.exitCode = 1;
}
