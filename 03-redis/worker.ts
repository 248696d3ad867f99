// One worker process. `npm run chapter:3` starts several; so can you, in more terminals:
//   WORKER_ID=1 npx tsx 03-redis/worker.ts
// Environment: WORKER_ID (default: the pid), QUEUE_NAME (default "invoke webhook"), MAX_CONCURRENCY
// (default 10), REDIS_URL. Stop it with Ctrl-C or SIGTERM; it exits when its connections are closed.
import { createLogger } from '../common/log.ts';
import { requireRedis } from '../common/servers.ts';
import { WEBHOOK_QUEUE } from './queue.ts';
import { startWebhookWorker } from './webhook-worker.ts';

const workerId = process.env.WORKER_ID ?? String(process.pid);
const queueName = process.env.QUEUE_NAME ?? WEBHOOK_QUEUE;
const maxConcurrency = Number(process.env.MAX_CONCURRENCY ?? 10);
const log = createLogger(`worker ${workerId}`);

// A worker may start before Redis does: it connects when Redis answers. Say so rather than sit silent.
requireRedis().catch((err: Error) => log.error('%s; waiting for it', err.message));
const worker = startWebhookWorker({ workerId, queueName, maxConcurrency, log });
worker.ready.then(() => log('ready: waiting for jobs on %j (pid %d)', queueName, process.pid));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const n = worker.inFlight();
    // stop() does not wait for jobs in flight: they stay in Redis and another worker redoes them
    // after their timeout. Say so, rather than pretend they finished.
    log('stopping%s', n ? ` with ${n} job(s) in flight: they will be redelivered after their timeout` : '');
    worker.stop().then(() => log('stopped'));
  });
}
