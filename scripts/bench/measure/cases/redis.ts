// Chapter 3 and its neighbours, all on the same Redis:
//  - bare engine: a raw Redis list, LPUSH to enqueue, BRPOPLPUSH to take a job into a processing list,
//    LREM when done (the "reliable queue" pattern the library is built on), one blocking connection
//    per concurrent consumer;
//  - the library used bare: simple-redis-safe-work-queue's client and worker, default settings;
//  - the production peers a reader would pick instead: BullMQ and bee-queue.
import { Redis } from 'ioredis';
import SafeQueue from 'simple-redis-safe-work-queue';
import { Queue as BullQueue, Worker as BullWorker } from 'bullmq';
import BeeQueue from 'bee-queue';
import { REDIS_URL, parseRedisUrl } from '../../../../common/config.ts';
import { waitFor } from '../../../../common/time.ts';
import type { Case, Subject } from '../harness.ts';
import type { Backlog } from '../backlog-types.ts';
import { pushJobs } from '../push-jobs.ts';
import { benchName, deleteRedisKeys } from '../cleanup.ts';
import { startNoopReceiver } from '../webhook-receiver.ts';
import { silentLogger } from '../../../../common/log.ts';
import { webhookJob, type WebhookJob } from '../../../../03-redis/job.ts';
import { connectionOptions } from '../../../../03-redis/support/redis.ts';
import { startWebhookWorker } from '../../../../03-redis/worker.ts';

const address = () => parseRedisUrl(REDIS_URL);

/** Errors after stop() (a late reply on a closed connection) are not the benchmark's business. */
function ignoreWhileStopping(err: Error): void {
  if (!/closed|ended|end|quit/i.test(err.message)) throw err;
}

// Any emitter: its listeners' parameters are never read here, so each one's types are irrelevant.
// biome-ignore lint/suspicious/noExplicitAny: listener parameters differ per emitter and are unused
type AnyListener = (...args: any[]) => void;

function once(emitter: { once(event: string, fn: AnyListener): unknown }, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    emitter.once(event, () => resolve());
    emitter.once('error', reject);
  });
}

/** The bare engine: one LPUSH per job; each consumer loops BRPOPLPUSH -> handler -> LREM. */
async function startRawList(concurrency: number, onJob: (id: number) => void): Promise<Subject> {
  const name = benchName('raw');
  const pending = `${name}:pending`;
  const processing = `${name}:processing`;
  const producer = new Redis(REDIS_URL);
  const consumers = Array.from(
    { length: concurrency },
    () => new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
  );
  let stopping = false;
  const loops = consumers.map(async (redis) => {
    while (!stopping) {
      let value: string | null;
      try {
        value = await redis.brpoplpush(pending, processing, 1);
      } catch (err) {
        if (stopping) return;
        throw err;
      }
      if (value === null) continue;
      onJob(Number(value));
      await redis.lrem(processing, 1, value);
    }
  });
  return {
    push: async (id) => void (await producer.lpush(pending, String(id))),
    async stop() {
      stopping = true;
      for (const c of consumers) c.disconnect();
      await Promise.allSettled(loops);
      producer.disconnect();
      await deleteRedisKeys(name);
    },
  };
}

/** simple-redis-safe-work-queue exactly as its README shows it, with our concurrency. */
async function startSafeQueue(concurrency: number, onJob: (id: number) => void): Promise<Subject> {
  const name = benchName('srswq');
  const worker = SafeQueue.worker(
    name,
    (payload, done) => {
      onJob((payload as { id: number }).id);
      done();
    },
    { ...address(), maxConcurrency: concurrency, popTimeout: 1 },
  );
  const client = SafeQueue.client(name, address());
  await Promise.all([once(worker, 'ready'), once(client, 'ready')]);
  worker.on('error', ignoreWhileStopping);
  return {
    push: (id) =>
      new Promise<void>((resolve, reject) => client.push({ id }, (err) => (err ? reject(err) : resolve()))),
    async stop() {
      await new Promise<void>((resolve) => worker.stop(resolve));
      await new Promise<void>((resolve) => client.stop(resolve));
      await deleteRedisKeys(name);
    },
  };
}

async function startBullMQ(concurrency: number, onJob: (id: number) => void): Promise<Subject> {
  const name = benchName('bullmq');
  const connection = { ...address(), maxRetriesPerRequest: null };
  const queue = new BullQueue(name, { connection });
  const worker = new BullWorker(name, async (job) => onJob(job.data.id as number), {
    connection,
    concurrency,
  });
  await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
  return {
    push: async (id) => void (await queue.add('job', { id }, { removeOnComplete: true, removeOnFail: true })),
    async stop() {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await deleteRedisKeys(`bull:${name}`);
    },
  };
}

async function startBeeQueue(concurrency: number, onJob: (id: number) => void): Promise<Subject> {
  const name = benchName('bee');
  const settings = {
    redis: address(),
    removeOnSuccess: true,
    removeOnFailure: true,
    getEvents: false,
    sendEvents: false,
  };
  const producer = new BeeQueue<{ id: number }>(name, { ...settings, isWorker: false });
  const worker = new BeeQueue<{ id: number }>(name, settings);
  worker.process(concurrency, async (job) => onJob(job.data.id));
  await Promise.all([producer.ready(), worker.ready()]);
  return {
    push: async (id) => void (await producer.createJob({ id }).save()),
    async stop() {
      await worker.close();
      await producer.destroy();
      await producer.close();
      await deleteRedisKeys(`bq:${name}`);
    },
  };
}

/** Chapter 3's job as a plain POST: what both the library row and the chapter row do per job. */
async function postJob(job: WebhookJob): Promise<void> {
  const res = await fetch(job.url, {
    method: job.method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(job.json),
  });
  await res.arrayBuffer();
  if (res.status < 200 || res.status >= 300) throw new Error(`response status code was ${res.status}`);
}

const userFor = (id: number) => ({ id, email: `user${id}@example.com`, name: `User ${id}` });

/**
 * The library used bare with chapter 3's settings and chapter 3's work (POST the job to the receiver):
 * maxRetries 2, popTimeout 1, the same connection options. The baseline for the chapter row.
 */
async function startSafeQueueWithPost(concurrency: number, onJob: (id: number) => void): Promise<Subject> {
  const name = benchName('srswq-post');
  const receiver = await startNoopReceiver(onJob);
  let inFlight = 0;
  const worker = SafeQueue.worker(
    name,
    (job, done) => {
      inFlight++;
      postJob(job as WebhookJob)
        .then(() => done(), done)
        .finally(() => inFlight--);
    },
    {
      ...address(),
      maxConcurrency: concurrency,
      maxRetries: 2,
      popTimeout: 1,
    },
  );
  const client = SafeQueue.client(name, address());
  await Promise.all([once(worker, 'ready'), once(client, 'ready')]);
  worker.on('error', ignoreWhileStopping);
  return {
    push: (id) =>
      new Promise<void>((resolve, reject) =>
        client.push(webhookJob(receiver.url, userFor(id)), (err) => (err ? reject(err) : resolve())),
      ),
    async stop() {
      // The receiver reports a job before the worker has heard the 204: let those last POSTs finish.
      await waitFor('the last POSTs to finish', () => inFlight === 0);
      await new Promise<void>((resolve) => worker.stop(resolve));
      await new Promise<void>((resolve) => client.stop(resolve));
      await receiver.close();
      await deleteRedisKeys(name);
    },
  };
}

/**
 * Chapter 3: the chapter's own worker (03-redis/worker.ts, startWebhookWorker) with a silent
 * logger, fed through a queue client built from the chapter's job.ts and support/redis.ts (webhookJob,
 * connectionOptions), as 03-redis/server.ts builds it. (The server's HTTP sign-up route and SQLite insert are
 * not part
 * of the queue and are not measured.)
 */
async function startChapter3(concurrency: number, onJob: (id: number) => void): Promise<Subject> {
  const name = benchName('ch3');
  const receiver = await startNoopReceiver(onJob);
  const worker = startWebhookWorker({
    workerId: 'bench',
    queueName: name,
    maxConcurrency: concurrency,
    log: silentLogger(),
  });
  const client = SafeQueue.client(name, {
    ...connectionOptions(REDIS_URL, { enable_offline_queue: false }),
    defaultTimeout: 30_000,
  });
  await Promise.all([worker.ready, once(client, 'ready')]);
  return {
    push: (id) =>
      new Promise<void>((resolve, reject) =>
        client.push(webhookJob(receiver.url, userFor(id)), (err) => (err ? reject(err) : resolve())),
      ),
    async stop() {
      await waitFor('the last POSTs to finish', () => worker.inFlight() === 0);
      await worker.stop();
      await new Promise<void>((resolve) => client.stop(resolve));
      await receiver.close();
      await deleteRedisKeys(name);
    },
  };
}

export const redisCases: Case[] = [
  {
    id: 'redis list',
    chapter: '03-redis',
    label: 'raw Redis list: LPUSH + BRPOPLPUSH + LREM',
    kind: 'bare',
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startRawList(concurrency, onJob),
  },
  {
    id: 'srswq',
    chapter: '03-redis',
    label: 'simple-redis-safe-work-queue, used bare',
    kind: 'library',
    compareTo: 'redis list',
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startSafeQueue(concurrency, onJob),
  },
  {
    id: 'srswq+POST',
    chapter: '03-redis',
    label: 'simple-redis-safe-work-queue + POST, chapter settings',
    kind: 'library',
    compareTo: 'srswq',
    jobMultiplier: 0.25, // an HTTP POST per job: a quarter of the jobs is plenty
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startSafeQueueWithPost(concurrency, onJob),
  },
  {
    id: 'ch3',
    chapter: '03-redis',
    label: 'chapter 3: 03-redis/worker.ts',
    kind: 'chapter',
    compareTo: 'srswq+POST',
    jobMultiplier: 0.25,
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startChapter3(concurrency, onJob),
  },
  {
    id: 'BullMQ',
    chapter: '03-redis',
    label: 'BullMQ (peer)',
    kind: 'peer',
    compareTo: 'redis list',
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startBullMQ(concurrency, onJob),
  },
  {
    id: 'bee-queue',
    chapter: '03-redis',
    label: 'bee-queue (peer)',
    kind: 'peer',
    compareTo: 'redis list',
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startBeeQueue(concurrency, onJob),
  },
];

/** How much more memory Redis uses with the backlog than without it (INFO memory, used_memory). */
export async function redisUsedMemory(): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const info = await redis.info('memory');
    return Number(/used_memory:(\d+)/.exec(info)?.[1]);
  } finally {
    redis.disconnect();
  }
}

export const redisBacklogs: Backlog[] = [
  {
    id: 'ch3',
    label: 'chapter 3 (simple-redis-safe-work-queue, Redis)',
    where: 'Redis',
    async fill(n, onProgress) {
      const name = benchName('ch3-backlog');
      const client = SafeQueue.client(name, {
        ...connectionOptions(REDIS_URL, { enable_offline_queue: false }),
        defaultTimeout: 30_000,
      });
      await once(client, 'ready');
      const before = await redisUsedMemory();
      const push = (id: number) =>
        new Promise<void>((resolve, reject) =>
          client.push(webhookJob('http://127.0.0.1:9/hooks', userFor(id)), (err) =>
            err ? reject(err) : resolve(),
          ),
        );
      await pushJobs(n, push, { onProgress });
      return {
        held: async () => {
          const redis = new Redis(REDIS_URL);
          try {
            return await redis.llen(`${name}-pending`);
          } finally {
            redis.disconnect();
          }
        },
        outside: async () => (await redisUsedMemory()) - before,
        async cleanup() {
          await new Promise<void>((resolve) => client.stop(resolve));
          await deleteRedisKeys(name);
        },
      };
    },
  },
  {
    id: 'BullMQ',
    label: 'BullMQ (Redis)',
    where: 'Redis',
    async fill(n, onProgress) {
      const name = benchName('bullmq-backlog');
      const queue = new BullQueue(name, { connection: { ...address(), maxRetriesPerRequest: null } });
      const before = await redisUsedMemory();
      for (let i = 0; i < n; i += 1000) {
        await queue.addBulk(
          Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({ name: 'job', data: { id: i + k } })),
        );
        onProgress(Math.min(n, i + 1000));
      }
      return {
        held: () => queue.getWaitingCount(),
        outside: async () => (await redisUsedMemory()) - before,
        async cleanup() {
          await queue.obliterate({ force: true });
          await queue.close();
          await deleteRedisKeys(`bull:${name}`);
        },
      };
    },
  },
];
