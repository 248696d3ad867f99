// Exercise 3.2 · A transactional outbox: save the sign-up and its job together, send the job later
// Difficulty: ★★★ harder · about 35 min
//
// The chapter's sign-up server writes the user to SQLite, then pushes the webhook job to Redis: two
// writes to two systems. When Redis is down in between, the user is saved and the job never exists:
// the sign-up gets a 503 and the webhook is lost for good.
//
// The outbox pattern: the sign-up writes the user AND the job to the same database, in one
// transaction, so both are saved or neither is. A relay, on its own schedule, reads the outbox and
// pushes each job to Redis, and marks the row sent only once Redis has stored the job. Redis being
// down now only delays the webhook: the relay tries again on its next round.
//
// 1. signUp(db, user, webhookUrl): in ONE transaction (better-sqlite3: db.transaction(fn)()), insert
//    the user into `users`, then the job webhookJob(webhookUrl, { id, ...user }), as JSON, into
//    `outbox`. Return the user's id. Today it inserts only the user.
// 2. relayOnce(db, push): for each unsent outbox row (sent_at IS NULL), oldest first: await
//    push(job), then set its sent_at. When a push fails, stop and rethrow: that row and the ones after
//    it stay unsent, for the next round. Return how many rows were sent.
//
// The test signs users up while Redis is down, then starts Redis: the webhooks must still arrive.
// Run: npm run exercise -- 3.2   (needs Redis: npm run services:start)
import Database from 'better-sqlite3';
import Queue from 'simple-redis-safe-work-queue';
import type { Logger } from '../../common/log.ts';
import { errorMessage } from '../../common/errors.ts';
import { sleep } from '../../common/time.ts';
import type { WebhookJob } from '../job.ts';
import { connectionOptions, pushJob } from '../support/redis.ts';
import type { NewUser } from '../users.ts';

export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS users (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS outbox (
    id      INTEGER PRIMARY KEY,      -- the order jobs are relayed in
    job     TEXT NOT NULL,            -- the WebhookJob, as JSON
    sent_at TEXT                      -- NULL until Redis has stored the job
  )`);
  return db;
}

export function signUp(db: Database.Database, user: NewUser, webhookUrl: string): number {
  // TODO: insert the user AND its outbox row, in one transaction.
  const { lastInsertRowid } = db
    .prepare('INSERT INTO users (email, name) VALUES (?, ?)')
    .run(user.email, user.name);
  return Number(lastInsertRowid);
}

export async function relayOnce(
  db: Database.Database,
  push: (job: WebhookJob) => Promise<void>,
): Promise<number> {
  // TODO: push every unsent row, oldest first, marking each sent after its push succeeded.
  return 0;
}

// ---- Already written: the relay loop, and a push to Redis that fails fast while Redis is down. ----

export function startRelay(
  db: Database.Database,
  push: (job: WebhookJob) => Promise<void>,
  { intervalMs = 100, log }: { intervalMs?: number; log: Logger },
) {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const sent = await relayOnce(db, push);
        if (sent) log(' [x] relayed %d job(s) to Redis', sent);
      } catch (err) {
        log.error(' [!] relay round failed, will retry: %s', errorMessage(err));
      }
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** A queue client whose push fails at once while Redis is unreachable (no offline queue). */
export function redisPusher(queueName: string, redisUrl: string, log: Logger) {
  const client = Queue.client<WebhookJob>(
    queueName,
    connectionOptions(redisUrl, { enable_offline_queue: false }),
  );
  client.on('error', (err) => log.error('queue client: %s', err.message));
  return {
    push: (job: WebhookJob) => pushJob(client, job),
    // QUIT when connected; while Redis is down QUIT never completes, so end the connection anyway.
    async stop() {
      await Promise.race([new Promise<void>((resolve) => client.stop(() => resolve())), sleep(1000)]);
      client.client.end(false);
    },
  };
}
