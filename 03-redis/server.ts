// The sign-up server, the chapter's producer: POST /signup {"email", "name"} -> save the user in SQLite
// -> push a webhook job to Redis -> answer 201. Start it with `npm run chapter:3 -- server` (main.ts);
// tests start it in their own process with startSignupServer().
import http from 'node:http';
import type { Logger } from '../common/log.ts';
import { errorCode, errorMessage } from '../common/errors.ts';
import { REDIS_URL } from '../common/config.ts';
import { WEBHOOK_QUEUE, webhookJob } from './job.ts';
import { DuplicateEmailError, Users } from './users.ts';
import { ClientGoneError, HttpError, listen, readSignup, sendJson } from './support/http.ts';
import { connectQueueClient, pushJob } from './support/redis.ts';

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
        errorCode(err) === 'UNCERTAIN_STATE' ? 'may not have been queued' : 'could not be queued';
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
    closing = true;
    queue.stop(); // EADDRINUSE, say: nothing of ours may keep the process alive
    users.close();
    throw err;
  }
}
