// The article's webhook worker: pop a job, POST it to its URL, call back with an error on a non-2xx
// answer so the library retries it; after the last attempt, log it and keep it in a list of failed jobs.
import { Redis } from 'ioredis';
import Queue from 'simple-redis-safe-work-queue';
import { createLogger, type Logger } from '../common/log.ts';
import { REDIS_URL } from '../common/config.ts';
import { connectionOptions, describeJob, queueKeys, WEBHOOK_QUEUE, type WebhookJob } from './queue.ts';

export interface WebhookWorkerOptions {
  /** Shown in the logs and sent to the receiver as `x-delivered-by: worker <id>`. */
  workerId: string;
  queueName?: string;
  redisUrl?: string;
  /** Jobs this worker runs at once. */
  maxConcurrency?: number;
  /** The longest one POST may take. Keep it well under the job timeout (see docs/03-redis.md). */
  requestTimeoutMs?: number;
  log?: Logger;
}

export interface WebhookWorker {
  /** Resolves when the worker is connected and listening for jobs. */
  ready: Promise<void>;
  /** Jobs started and not yet finished. */
  inFlight(): number;
  /** Stops taking jobs and closes its connections. Jobs in flight are not waited for (see the doc). */
  stop(): Promise<void>;
}

export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { workerId, queueName = WEBHOOK_QUEUE, redisUrl = REDIS_URL, maxConcurrency = 10 } = options;
  const { requestTimeoutMs = 10_000, log = createLogger(`worker ${workerId}`) } = options;
  let inFlight = 0;

  const worker = Queue.worker(queueName, invokeWebhook, {
    ...connectionOptions(redisUrl),
    maxRetries: 2, // the article's value: two attempts in all, then 'max retries'
    maxConcurrency,
    popTimeout: 1, // stop() waits for the blocking pop in progress: keep it short
  });

  function invokeWebhook(job: WebhookJob, done: (err?: Error) => void) {
    inFlight++;
    log(' [.] %s: POST %s', describeJob(job), job?.url);
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

  worker.on('repush', (job) => log(' [~] %s goes back in the queue for another attempt', describeJob(job)));

  // The library deletes a job after its last attempt. Keep it, with the reason, where a reader can see
  // it (`redis-cli lrange '<queue>-failed' 0 -1`) and where a script could push it again.
  const failedJobs = new Redis(redisUrl, { lazyConnect: true });
  failedJobs.on('error', () => {}); // ioredis reconnects by itself; a failed LPUSH is logged below
  worker.on('max retries', (err, job) => {
    log.error(' [✗] max retries reached trying to talk to %s: %s; request params: %j', job?.url, err.message, job);
    const entry = { job, error: err.message, worker: workerId, failedAt: new Date().toISOString() };
    failedJobs.lpush(queueKeys(queueName).failed, JSON.stringify(entry)).then(
      () => log(' [✗] %s kept in the list %j', describeJob(job), queueKeys(queueName).failed),
      (lpushErr: Error) => log.error(' [✗] could not keep the failed job (%s); it is only in this log', lpushErr.message),
    );
  });

  worker.on('timeout requeued', (id) => log(' [~] job %s ran past its timeout: put back in the queue', id));
  worker.on('stalled requeued', (id) => log(' [~] job %s was popped but never started: put back in the queue', id));
  // Without an 'error' listener the first failed Redis command (Redis restarting, say) crashes the process.
  worker.on('error', (err) => log.error('queue error: %s', err.message));

  const ready = new Promise<void>((resolve) => worker.once('ready', () => resolve()));
  return {
    ready,
    inFlight: () => inFlight,
    stop: () =>
      new Promise<void>((resolve) => worker.stop(() => resolve())).then(async () => {
        await failedJobs.quit().catch(() => failedJobs.disconnect());
      }),
  };
}

/** POSTs the job with Node's own fetch. Resolves with the status; a non-2xx status is an error. */
async function post(job: WebhookJob, deliveredBy: string, timeoutMs: number): Promise<number> {
  if (typeof job?.url !== 'string') throw new Error(`job has no url: ${JSON.stringify(job)}`);
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
