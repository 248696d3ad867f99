// The article's producer, in a real HTTP server (node:http, no framework):
//   POST /signup {"email", "name"} -> insert the user into SQLite -> push a webhook job -> 201 {ok, id}
// and the server stops the queue client when it closes.
import http from 'node:http';
import Queue from 'simple-redis-safe-work-queue';
import { createLogger, type Logger } from '../common/log.ts';
import { parseRedisUrl, REDIS_URL } from '../common/config.ts';
import { START_HINT } from '../common/servers.ts';
import { connectionOptions, WEBHOOK_QUEUE, webhookJob, type WebhookJob } from './queue.ts';
import { DuplicateEmailError, Users, type NewUser } from './users.ts';

export interface SignupServerOptions {
  /** SQLite file; created if missing. */
  dbFile: string;
  /** Where every job's webhook is POSTed (the receiver). */
  webhookUrl: string;
  queueName?: string;
  redisUrl?: string;
  /** How long a worker may work on one job before another worker may take it. */
  jobTimeoutMs?: number;
  port?: number;
  host?: string;
  log?: Logger;
}

export interface SignupServer {
  server: http.Server;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  users: Users;
}

/** A failure the client caused or should know about, with the HTTP status that says so. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startSignupServer(options: SignupServerOptions): Promise<SignupServer> {
  const { dbFile, webhookUrl, queueName = WEBHOOK_QUEUE, redisUrl = REDIS_URL, jobTimeoutMs = 30_000 } = options;
  const { port = 0, host = '127.0.0.1', log = createLogger('server') } = options;

  const queue = await connectQueueClient(queueName, redisUrl, jobTimeoutMs, log);
  let users: Users;
  try {
    users = new Users(dbFile);
  } catch (err) {
    queue.stop();
    throw err;
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: Error) => {
      if (err instanceof HttpError) return send(res, err.status, { ok: false, error: err.message });
      log.error('%s %s -> 500: %s', req.method, req.url, err.stack);
      send(res, 500, { ok: false, error: 'internal error (details in the server log)' });
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.url !== '/signup') throw new HttpError(404, `no such path ${req.url}: try POST /signup`);
    if (req.method !== 'POST') throw new HttpError(405, `use POST /signup, not ${req.method}`);

    // 1. Validate before touching anything: a bad body stores nothing and queues nothing.
    const signup = parseSignup(await readBody(req));

    // 2. The database write (the article's db.insert).
    let id: number;
    try {
      id = users.add(signup);
    } catch (err) {
      if (err instanceof DuplicateEmailError) throw new HttpError(409, err.message);
      log.error('could not save %s: %s', signup.email, (err as Error).message);
      throw new HttpError(500, 'could not save the user: the database failed (details in the server log)');
    }

    // 3. The job, pushed only after the user is saved. If Redis is down the user stays saved and the
    //    job is never queued: the dual write (docs/03-redis.md). The client fails fast instead of waiting.
    try {
      await push(queue, webhookJob(webhookUrl, { id, ...signup }));
    } catch (err) {
      const { message, code } = err as Error & { code?: string };
      // Lost mid-push, redis@2 cannot know whether Redis ran the MULTI before the connection went.
      const outcome = code === 'UNCERTAIN_STATE' ? 'may not have been queued' : 'could not be queued';
      log.error('user %d saved, webhook %s: %s', id, outcome, message);
      throw new HttpError(503, `user ${id} was saved, but its webhook ${outcome}: Redis is unavailable (${message})`);
    }

    log(' [x] user %d signed up (%s), webhook job queued', id, signup.email);
    send(res, 201, { ok: true, id });
  }

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
  queue.client.on('end', () => closing || log.error('lost the connection to Redis: sign-ups get 503 until it is back'));
  queue.client.on('ready', () => log('connected to Redis again'));

  server.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (err) => {
      queue.stop();
      users.close();
      reject(err);
    });
  });
  const address = server.address() as { port: number };
  return { server, url: `http://${host}:${address.port}`, users };
}

/**
 * The queue client, connected. Two changes from the library's defaults, both so that a sign-up
 * arriving while Redis is down gets a prompt 503 and the server keeps going:
 *  - enable_offline_queue: false. By default redis@2 holds commands issued while disconnected until it
 *    reconnects, for up to an hour, so the request would hang. Now push fails at once.
 *  - an 'error' listener: an 'error' event nobody listens to is thrown, and would stop the server.
 */
async function connectQueueClient(queueName: string, redisUrl: string, jobTimeoutMs: number, log: Logger) {
  const queue = Queue.client(queueName, {
    ...connectionOptions(redisUrl, { enable_offline_queue: false }),
    defaultTimeout: jobTimeoutMs,
  });
  queue.on('error', (err: Error) => log.error('queue client error: %s', err.message));

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

/** push() with a promise. Resolves once Redis has stored the job (the MULTI has been executed). */
function push(queue: Queue.Client, job: WebhookJob): Promise<void> {
  return new Promise((resolve, reject) => queue.push(job, (err) => (err ? reject(err) : resolve())));
}

const MAX_BODY_BYTES = 10_000;

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_BODY_BYTES) throw new HttpError(413, `body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not valid JSON: send {"email": "ada@example.com", "name": "Ada"}');
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a parsed body is a sign-up. The message says which field is wrong and what is expected. */
export function parseSignup(body: unknown): NewUser {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body must be a JSON object: {"email": "ada@example.com", "name": "Ada"}');
  }
  const { email, name } = body as Record<string, unknown>;
  if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email.trim())) {
    throw new HttpError(400, 'email must be a string like "ada@example.com"');
  }
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
    throw new HttpError(400, 'name must be a non-empty string of at most 100 characters');
  }
  return { email: email.trim().toLowerCase(), name: name.trim() };
}

function send(res: http.ServerResponse, status: number, body: object) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
