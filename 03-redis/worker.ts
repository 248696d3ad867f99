// The webhook worker, the article's consumer: pop a job, POST it to its URL, call back with an error
// on a non-2xx answer so the library retries it; after the last attempt, log it and keep it in a list
// of failed jobs. Start as many as you like, each in its own terminal: `npm run chapter:3 -- worker
// --id 1` (main.ts). Tests and the benchmark start it in their own process with startWebhookWorker().
import { Redis } from 'ioredis';
import Queue from 'simple-redis-safe-work-queue';
import type { Logger } from '../common/log.ts';
import { errorMessage } from '../common/errors.ts';
import { REDIS_URL } from '../common/config.ts';
import { decodeJob, describeJob, WEBHOOK_QUEUE, type WebhookJob } from './job.ts';
import { connectionOptions, queueKeys } from './support/redis.ts';

export interface WebhookWorkerOptions {
  workerId: string; // in the logs, and sent to the receiver as `x-delivered-by: worker <id>`
  log: Logger;
  queueName?: string;
  redisUrl?: string;
  maxConcurrency?: number; // jobs this worker runs at once
  requestTimeoutMs?: number; // the longest one POST may take: keep it well under the job timeout
}

export interface WebhookWorker {
  ready: Promise<void>; // resolves when connected and listening for jobs
  inFlight(): number; // jobs started and not yet finished
  stop(): Promise<void>; // stops taking jobs, closes its connections; does not wait for jobs in flight
}

export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const {
    workerId,
    log,
    queueName = WEBHOOK_QUEUE,
    redisUrl = REDIS_URL,
    maxConcurrency = 10,
    requestTimeoutMs = 10_000,
  } = options;
  const failedKey = queueKeys(queueName).failed;
  let inFlight = 0;

  const worker = Queue.worker(queueName, invokeWebhook, {
    ...connectionOptions(redisUrl),
    maxRetries: 2, // the article's value: two attempts in all, then 'max retries'
    maxConcurrency,
    popTimeout: 1, // stop() waits for the blocking pop in progress: keep it short
  });

  function invokeWebhook(payload: unknown, done: (err?: Error) => void) {
    let job: WebhookJob;
    try {
      job = decodeJob(payload);
    } catch (err) {
      // Not a job at all: no retry can fix that. Finish it (so it is not retried) and keep it as failed.
      keepFailed(payload, errorMessage(err), 'a malformed job');
      return done();
    }
    inFlight++;
    log(' [.] %s: POST %s', describeJob(job), job.url);
    post(job, `worker ${workerId}`, requestTimeoutMs).then(
      (status) => {
        inFlight--;
        log(' [x] %s delivered (%d)', describeJob(job), status);
        done();
      },
      (err: Error) => {
        inFlight--;
        log(' [!] %s failed: %s', describeJob(job), err.message);
        done(err);
      },
    );
  }

  // Only a decoded job can fail an attempt (see above), so these payloads decode without a throw.
  worker.on('repush', (payload) =>
    log(' [~] %s goes back in the queue for another attempt', describeJob(decodeJob(payload))),
  );
  worker.on('max retries', (err, payload) => {
    const job = decodeJob(payload);
    log.error(
      ' [✗] max retries reached trying to talk to %s: %s; request params: %j',
      job.url,
      err.message,
      job,
    );
    keepFailed(job, err.message, describeJob(job));
  });

  // The library deletes a job after its last attempt. Keep it, with the reason, where a reader can see
  // it (`redis-cli lrange '<queue>-failed' 0 -1`) and where a script could push it again.
  const failedJobs = new Redis(redisUrl, { lazyConnect: true });
  failedJobs.on('error', () => {}); // ioredis reconnects by itself; a failed LPUSH is logged below
  function keepFailed(job: unknown, error: string, what: string) {
    const entry = { job, error, worker: workerId, failedAt: new Date().toISOString() };
    failedJobs.lpush(failedKey, JSON.stringify(entry)).then(
      () => log(' [✗] %s kept in the list %j', what, failedKey),
      (lpushErr: unknown) =>
        log.error(' [✗] could not keep the failed job (%s); it is only in this log', errorMessage(lpushErr)),
    );
  }

  worker.on('timeout requeued', (id) => log(' [~] job %s ran past its timeout: put back in the queue', id));
  worker.on('stalled requeued', (id) =>
    log(' [~] job %s was popped but never started: put back in the queue', id),
  );
  // Without an 'error' listener the first failed Redis command (Redis restarting, say) crashes the process.
  worker.on('error', (err) => log.error('queue error: %s', err.message));

  return {
    ready: new Promise<void>((resolve) => worker.once('ready', () => resolve())),
    inFlight: () => inFlight,
    stop: () =>
      new Promise<void>((resolve) => worker.stop(() => resolve())).then(async () => {
        await failedJobs.quit().catch(() => failedJobs.disconnect());
      }),
  };
}

/** POSTs the job with Node's own fetch. Resolves with the status; a non-2xx status is an error. */
async function post(job: WebhookJob, deliveredBy: string, timeoutMs: number): Promise<number> {
  const res = await fetch(job.url, {
    method: job.method,
    headers: { 'content-type': 'application/json', 'x-delivered-by': deliveredBy },
    body: JSON.stringify(job.json),
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((err: Error) => {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, a DNS error...) is in `cause`.
    throw new Error(err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message);
  });
  await res.arrayBuffer(); // read the (small) body so the connection can be reused
  if (res.status < 200 || res.status >= 300) throw new Error(`response status code was ${res.status}`);
  return res.status;
}
