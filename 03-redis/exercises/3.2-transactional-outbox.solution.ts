// Exercise 3.2 · reference solution (the statement is in 3.2-transactional-outbox.problem.ts).
import Database from 'better-sqlite3';
import Queue from 'simple-redis-safe-work-queue';
import type { Logger } from '../../common/log.ts';
import { errorMessage } from '../../common/errors.ts';
import { sleep } from '../../common/time.ts';
import { webhookJob, type WebhookJob } from '../job.ts';
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
  // db.transaction wraps the function in BEGIN ... COMMIT, and in ROLLBACK if it throws: the user and
  // its job are saved together or not at all. No network call inside: Redis is not involved yet.
  const insert = db.transaction(() => {
    const { lastInsertRowid } = db
      .prepare('INSERT INTO users (email, name) VALUES (?, ?)')
      .run(user.email, user.name);
    const id = Number(lastInsertRowid);
    db.prepare('INSERT INTO outbox (job) VALUES (?)').run(
      JSON.stringify(webhookJob(webhookUrl, { id, ...user })),
    );
    return id;
  });
  return insert();
}

export async function relayOnce(
  db: Database.Database,
  push: (job: WebhookJob) => Promise<void>,
): Promise<number> {
  const rows = db.prepare('SELECT id, job FROM outbox WHERE sent_at IS NULL ORDER BY id').all() as Array<{
    id: number;
    job: string;
  }>;
  const markSent = db.prepare(
    "UPDATE outbox SET sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
  );
  let sent = 0;
  for (const row of rows) {
    // Push, THEN mark. A crash between the two pushes the job again on restart: at least once, so
    // the receiver must be idempotent (the eventId is its key). The other order could lose the job.
    await push(JSON.parse(row.job) as WebhookJob);
    markSent.run(row.id);
    sent++;
  }
  return sent;
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
