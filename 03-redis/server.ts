// The sign-up server, the chapter's producer: POST /signup {"email", "name"} -> save the user in SQLite
// -> push a webhook job to Redis -> answer 201. Run it: WEBHOOK_URL=http://127.0.0.1:4000/hooks npx tsx
// 03-redis/server.ts
// Environment: PORT (default 3000; 0 picks a free one), DB_FILE (default .data/03-redis/users.db),
// WEBHOOK_URL, QUEUE_NAME (default "invoke webhook"), REDIS_URL. Stop it with Ctrl-C or SIGTERM.
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Queue from 'simple-redis-safe-work-queue';
import { createLogger, type Logger } from '../common/log.ts';
import { errorMessage } from '../common/errors.ts';
import { parseRedisUrl, REDIS_URL } from '../common/config.ts';
import { requireRedis, START_HINT } from '../common/servers.ts';
import { WEBHOOK_QUEUE, webhookJob, type WebhookJob } from './job.ts';
import { DuplicateEmailError, Users } from './users.ts';
import { ClientGoneError, HttpError, listen, readSignup, sendJson } from './support/http.ts';
import { connectionOptions, pushJob } from './support/redis.ts';
import { onStopSignal } from './support/entry.ts';
import { isMain } from '../common/process.ts';

export interface SignupServerOptions {
  dbFile: string; // SQLite file; created if missing
  webhookUrl: string; // where every job's webhook is POSTed (the receiver)
  log: Logger;
  queueName?: string;
  redisUrl?: string;
  jobTimeoutMs?: number; // how long a worker may work on one job before another may take it
  port?: number;
  host?: string;
}

export type SignupServer = { server: http.Server; url: string; users: Users };

export async function startSignupServer(options: SignupServerOptions): Promise<SignupServer> {
  const {
    dbFile,
    webhookUrl,
    log,
    queueName = WEBHOOK_QUEUE,
    redisUrl = REDIS_URL,
    jobTimeoutMs = 30_000,
  } = options;
  const queue = await connectQueueClient(queueName, redisUrl, jobTimeoutMs, log);
  let users: Users;
  try {
    users = new Users(dbFile);
  } catch (err) {
    queue.stop();
    throw err;
  }

  async function signUp(req: http.IncomingMessage, res: http.ServerResponse) {
    // 1. Validate before touching anything: a bad request stores nothing and queues nothing.
    const signup = await readSignup(req);

    // 2. The database write (the article's db.insert).
    let id: number;
    try {
      id = users.add(signup);
    } catch (err) {
      if (err instanceof DuplicateEmailError) throw new HttpError(409, err.message);
      log.error('could not save %s: %s', signup.email, errorMessage(err));
      throw new HttpError(500, 'could not save the user: the database failed (details in the server log)');
    }

    // 3. The job, pushed only after the user is saved. If Redis is down the user stays saved and the
    //    job is never queued: the dual write (docs/03-redis.md). The client fails fast instead of waiting.
    try {
      await pushJob(queue, webhookJob(webhookUrl, { id, ...signup }));
    } catch (err) {
      // Lost mid-push, redis@2 cannot know whether Redis ran the MULTI before the connection went.
      const outcome =
        (err as Queue.QueueError).code === 'UNCERTAIN_STATE'
          ? 'may not have been queued'
          : 'could not be queued';
      log.error('user %d saved, webhook %s: %s', id, outcome, errorMessage(err));
      throw new HttpError(
        503,
        `user ${id} was saved, but its webhook ${outcome}: Redis is unavailable (${errorMessage(err)})`,
      );
    }

    log(' [x] user %d signed up (%s), webhook job queued', id, signup.email);
    sendJson(res, 201, { ok: true, id });
  }

  const server = http.createServer((req, res) => {
    signUp(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendJson(res, err.status, { ok: false, error: err.message });
      if (err instanceof ClientGoneError)
        return log('%s %s: %s; nothing saved', req.method, req.url, err.message);
      log.error('%s %s -> 500: %s', req.method, req.url, err instanceof Error ? err.stack : err);
      sendJson(res, 500, { ok: false, error: 'internal error (details in the server log)' });
    });
  });

  // The article's `server.once('close', () => webhookQueueClient.quit())`: this version has no quit();
  // stop() sends QUIT and closes the connection, so nothing keeps the process alive.
  let closing = false;
  server.once('close', () => {
    closing = true;
    queue.stop();
    users.close();
    log('closed: queue client stopped, database closed');
  });

  // Say when the connection to Redis drops and comes back: in between, sign-ups get 503.
  queue.client.on(
    'end',
    () => closing || log.error('lost the connection to Redis: sign-ups get 503 until it is back'),
  );
  queue.client.on('ready', () => log('connected to Redis again'));

  try {
    return { server, url: await listen(server, options.port ?? 0, options.host ?? '127.0.0.1'), users };
  } catch (err) {
    queue.stop(); // EADDRINUSE, say: nothing of ours may keep the process alive
    users.close();
    throw err;
  }
}

// The queue client, connected. Two changes so that a sign-up while Redis is down gets a prompt 503 and
// the server goes on: no offline queue (redis@2 would hold the push until it reconnects, up to an hour),
// and an 'error' listener (an 'error' event nobody listens to is thrown, and would stop the server).
async function connectQueueClient(queueName: string, redisUrl: string, jobTimeoutMs: number, log: Logger) {
  const queue = Queue.client<WebhookJob>(queueName, {
    ...connectionOptions(redisUrl, { enable_offline_queue: false }),
    defaultTimeout: jobTimeoutMs,
  });
  queue.on('error', (err) => log.error('queue client error: %s', err.message));

  const connected = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    queue.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!connected) {
    queue.client.end(false);
    const { host, port } = parseRedisUrl(redisUrl);
    throw new Error(`Redis is not answering at ${host}:${port}; ${START_HINT}`);
  }
  return queue;
}

if (isMain(import.meta.url)) {
  const log = createLogger('server');
  const dbFile = process.env.DB_FILE ?? '.data/03-redis/users.db';
  mkdirSync(path.dirname(dbFile), { recursive: true });
  try {
    await requireRedis(); // one clear line if Redis is not there, at once
    const { server, url } = await startSignupServer({
      dbFile,
      webhookUrl: process.env.WEBHOOK_URL ?? 'http://127.0.0.1:4000/hooks',
      queueName: process.env.QUEUE_NAME ?? WEBHOOK_QUEUE,
      port: Number(process.env.PORT ?? 3000),
      log,
    });
    log('listening on %s (POST /signup), users in %s (pid %d)', url, dbFile, process.pid);
    // Closing the server is all it takes: its 'close' handler stops the queue client and the database,
    // and with no connection left open the process exits by itself. No process.exit().
    onStopSignal(() => {
      log('stopping');
      server.close();
    });
  } catch (err) {
    log.error('cannot start: %s', errorMessage(err));
    process.exitCode = 1;
  }
}
