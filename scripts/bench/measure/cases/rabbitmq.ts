// Chapter 4 and its bare engine on the same RabbitMQ:
//  - bare engine: amqplib `consume` with prefetch 100 and a no-op handler that acks at once, fed by
//    `sendToQueue` on a plain channel; durable queue, persistent messages, like the chapter;
//  - chapter 4's polling worker (channel.get in a loop, backoff when empty) and its consume+prefetch
//    consumer, driven through the chapter's own modules.
import amqp, { type Channel, type ConfirmChannel } from 'amqplib';
import { once } from 'node:events';
import { AMQP_URL } from '../../../../common/config.ts';
import { sleep } from '../../../../common/time.ts';
import type { Case, Subject } from '../harness.ts';
import { benchName } from '../cleanup.ts';
import { pushJobs } from '../push-jobs.ts';
import { createQueueChannel } from '../../../../04-rabbitmq/channel.ts';
import { deleteWorkQueue } from '../../../../04-rabbitmq/support/cleanup.ts';
import { silentLogger } from '../../../../common/log.ts';
import { encodeJob, type Job } from '../../../../04-rabbitmq/job.ts';
import { runWorker } from '../../../../04-rabbitmq/worker.ts';
import { runConsumer } from '../../../../04-rabbitmq/consumer.ts';
import type { Backlog } from '../backlog-types.ts';

/**
 * Every producer here respects the channel's back-pressure: when `sendToQueue` returns false, amqplib's
 * write buffer is full, and the next send waits for the channel's 'drain' instead of buffering 100,000
 * messages in this process. `send(id)` does the sendToQueue and returns what it returned.
 */
function sendWithBackPressure(
  channel: Channel,
  send: (id: number) => boolean,
): (id: number) => Promise<void> {
  let drained: Promise<unknown> | undefined;
  return async (id) => {
    while (drained) await drained;
    if (!send(id)) drained = once(channel, 'drain').finally(() => (drained = undefined));
  };
}

/** The bare engine's producer: a plain channel, persistent messages into a durable queue. */
async function openProducer(queue: string) {
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true });
  return {
    send: sendWithBackPressure(channel, (id) =>
      channel.sendToQueue(queue, Buffer.from(JSON.stringify({ id })), { persistent: true }),
    ),
    async close(deleteQueue: boolean) {
      if (deleteQueue) await channel.deleteQueue(queue);
      await channel.close();
      await connection.close();
    },
  };
}

async function startBareConsume(prefetch: number, onJob: (id: number) => void): Promise<Subject> {
  const queue = benchName('amqp');
  const producer = await openProducer(queue);
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true });
  await channel.prefetch(prefetch);
  await channel.consume(queue, (msg) => {
    if (!msg) return;
    onJob((JSON.parse(msg.content.toString()) as { id: number }).id);
    channel.ack(msg);
  });
  return {
    push: (id) => producer.send(id),
    async stop() {
      await channel.close();
      await connection.close();
      await producer.close(true);
    },
  };
}

/**
 * The producer side of every chapter 4 row, as 04-rabbitmq/producer.ts does it, one job per push: the
 * chapter's createQueueChannel (confirm channel, durable queue with its dead-letter queue), persistent
 * sendToQueue, wait for 'drain' when amqplib's buffer is full. (produce() itself opens and closes a
 * connection per call, a command-line batch, so the bench calls the same steps per job.)
 */
async function openChapterProducer(queue: string) {
  const { channel, connection } = await createQueueChannel(queue);
  return {
    send: sendWithBackPressure(channel, (id) =>
      channel.sendToQueue(queue, encodeJob({ id, task: 'make me a sandwich' }), {
        persistent: true,
        contentType: 'application/json',
      }),
    ),
    async close() {
      await channel.waitForConfirms();
      await channel.close();
      await connection.close();
    },
  };
}

/** Deletes a chapter 4 queue with its dead-letter queue and exchange. */
async function deleteChapterQueue(queue: string): Promise<void> {
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  await deleteWorkQueue(channel, queue);
  await channel.close();
  await connection.close();
}

/**
 * The same library used bare with the chapter's settings: noDelay, a confirm channel producing
 * persistent messages into a durable queue; consumers either `consume` with prefetch = concurrency
 * (like the chapter's consumer) or loop `get` + `ack` with a 1 s sleep when empty (like its worker).
 */
async function startBareSameSettings(
  mode: 'consume' | 'get',
  concurrency: number,
  onJob: (id: number) => void,
): Promise<Subject> {
  const queue = benchName(`amqp-${mode}`);
  const producerConnection = await amqp.connect(AMQP_URL, { noDelay: true });
  const producer = await producerConnection.createConfirmChannel();
  await producer.assertQueue(queue, { durable: true });
  const send = sendWithBackPressure(producer, (id) =>
    producer.sendToQueue(queue, encodeJob({ id, task: 'make me a sandwich' }), { persistent: true }),
  );
  const connections = await Promise.all(
    Array.from({ length: mode === 'get' ? concurrency : 1 }, () => amqp.connect(AMQP_URL, { noDelay: true })),
  );
  const channels: ConfirmChannel[] = await Promise.all(connections.map((c) => c.createConfirmChannel()));
  const decode = (content: Buffer) => (JSON.parse(content.toString()) as Job).id;
  const stopping = new AbortController();
  let loops: Array<Promise<void>> = [];
  if (mode === 'consume') {
    const channel = channels[0]!;
    await channel.prefetch(concurrency);
    await channel.consume(queue, (msg) => {
      if (!msg) return;
      onJob(decode(msg.content));
      channel.ack(msg);
    });
  } else {
    loops = channels.map(async (channel) => {
      while (!stopping.signal.aborted) {
        const msg = await channel.get(queue, { noAck: false });
        if (!msg) {
          await sleep(1000, undefined, { signal: stopping.signal }).catch(() => {});
          continue;
        }
        onJob(decode(msg.content));
        channel.ack(msg);
      }
    });
  }
  return {
    push: send,
    async stop() {
      stopping.abort();
      await Promise.all(loops);
      await producer.waitForConfirms();
      await producer.deleteQueue(queue);
      for (const c of connections) await c.close();
      await producerConnection.close();
    },
  };
}

/**
 * Chapter 4's own worker and consumer (runWorker, runConsumer), with the work replaced by the no-op.
 * Concurrency: the polling worker handles one message at a time, so c=N runs N workers, as the chapter
 * scales it; the consumer gets prefetch N, its own knob for "N at a time". Both log every job to the
 * logger they are given: here a silent one, so the lines are formatted (a cost the chapter has) but not
 * printed.
 */
async function startChapter4(
  mode: 'worker' | 'consumer',
  concurrency: number,
  onJob: (id: number) => void,
): Promise<Subject> {
  const queue = benchName(`ch4-${mode}`);
  const producer = await openChapterProducer(queue);
  const stop = new AbortController();
  const work = async (job: Job) => onJob(job.id);
  const started =
    mode === 'worker'
      ? Array.from({ length: concurrency }, (_, i) =>
          runWorker({
            log: silentLogger(),
            queue,
            name: `bench-${i}`,
            pollIntervalMs: 1000,
            work,
            signal: stop.signal,
          }),
        )
      : [
          runConsumer({
            log: silentLogger(),
            queue,
            name: 'bench-0',
            prefetch: concurrency,
            work,
            signal: stop.signal,
          }),
        ];
  // A worker that fails (the broker restarted, say) rejects at once; keep the error for stop() instead
  // of letting an unhandled rejection end the whole benchmark.
  let failure: unknown;
  const running = started.map((p) =>
    p.catch((err: unknown) => {
      failure ??= err;
    }),
  );
  // No wait for the workers to connect: jobs pushed before they poll simply wait in the queue, and
  // throughput is timed from the first job handled.
  return {
    push: (id) => producer.send(id),
    async stop() {
      stop.abort();
      try {
        await Promise.all(running);
      } finally {
        await producer.close().catch(() => {});
        await deleteChapterQueue(queue);
      }
      if (failure) throw failure;
    },
  };
}

export const rabbitCases: Case[] = [
  {
    id: 'amqplib consume',
    chapter: '04-rabbitmq',
    label: 'amqplib consume, prefetch 100, bare',
    kind: 'bare',
    backoffMs: 0,
    start: ({ onJob }) => startBareConsume(100, onJob),
  },
  {
    id: 'amqplib consume=c',
    chapter: '04-rabbitmq',
    label: 'amqplib consume, prefetch = c, confirms, noDelay',
    kind: 'library',
    compareTo: 'amqplib consume',
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startBareSameSettings('consume', concurrency, onJob),
  },
  {
    id: 'ch4 consumer',
    chapter: '04-rabbitmq',
    label: 'chapter 4: 04-rabbitmq/consumer.ts (prefetch = c)',
    kind: 'chapter',
    compareTo: 'amqplib consume=c',
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startChapter4('consumer', concurrency, onJob),
  },
  {
    id: 'amqplib get',
    chapter: '04-rabbitmq',
    label: 'amqplib get + ack loop, 1 s sleep when empty, noDelay',
    kind: 'library',
    compareTo: 'amqplib consume',
    backoffMs: 1000,
    start: ({ concurrency, onJob }) => startBareSameSettings('get', concurrency, onJob),
  },
  {
    id: 'ch4 worker',
    chapter: '04-rabbitmq',
    label: 'chapter 4: 04-rabbitmq/worker.ts (polling, c workers)',
    kind: 'chapter',
    compareTo: 'amqplib get',
    backoffMs: 1000,
    start: ({ concurrency, onJob }) => startChapter4('worker', concurrency, onJob),
  },
];

/** The server's version, from the connection handshake. */
export async function rabbitVersion(): Promise<string> {
  const connection = await amqp.connect(AMQP_URL);
  try {
    return String(connection.connection.serverProperties.version ?? 'unknown');
  } finally {
    await connection.close();
  }
}

/**
 * A queue's memory and message count as RabbitMQ's management API reports them (the plugin is on, see
 * scripts/services.sh). Both come from the same statistics sample, refreshed every 5 s by default.
 */
async function rabbitQueueStats(queue: string): Promise<{ memory?: number; messages?: number } | undefined> {
  const url = new URL(AMQP_URL);
  const auth = Buffer.from(
    `${decodeURIComponent(url.username || 'guest')}:${decodeURIComponent(url.password || 'guest')}`,
  ).toString('base64');
  try {
    const res = await fetch(`http://${url.hostname}:15672/api/queues/%2F/${encodeURIComponent(queue)}`, {
      headers: { authorization: `Basic ${auth}` },
    });
    if (!res.ok) return undefined;
    return (await res.json()) as { memory?: number; messages?: number };
  } catch {
    return undefined;
  }
}

/** 100,000 persistent jobs sent the chapter's way, nobody consuming: they wait in the broker. */
export const rabbitBacklogs: Backlog[] = [
  {
    id: 'ch4',
    label: 'chapter 4 (RabbitMQ, persistent)',
    where: 'RabbitMQ',
    async fill(n, onProgress) {
      const queue = benchName('ch4-backlog');
      const producer = await openChapterProducer(queue);
      // One send at a time: sendWithBackPressure already keeps amqplib's buffer from growing.
      await pushJobs(n, producer.send, { window: 1, onProgress });
      await producer.close(); // waits for the broker's confirms: every message is in the queue
      const { channel, connection } = await createQueueChannel(queue);
      return {
        held: async () => (await channel.checkQueue(queue)).messageCount,
        async outside() {
          // The management API refreshes its statistics every few seconds: wait for a sample taken with
          // the whole backlog in the queue (a sample from mid-fill would show part of it).
          for (let i = 0; i < 30; i++) {
            const stats = await rabbitQueueStats(queue);
            if (stats?.messages !== undefined && stats.messages >= n) return stats.memory;
            await sleep(250);
          }
          return undefined;
        },
        async cleanup() {
          await channel.close();
          await connection.close();
          await deleteChapterQueue(queue);
        },
      };
    },
  },
];
