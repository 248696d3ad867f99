// What travels through the queue, the work a worker does with it, and how one message is settled with the
// broker. Shared by the polling worker (worker.ts) and the consumer (consumer.ts): they differ only in how
// messages arrive.
//
//   work succeeds                -> ack: the broker forgets the message
//   work fails, attempts left    -> publish a copy with `attempt` + 1 to the back of the queue, then ack
//   work fails, no attempts left -> reject without requeue: the broker dead-letters it to <queue>.dead
//   body is not a job            -> reject at once: retrying cannot fix bad input
//   on a quorum queue (--quorum)  -> every failure is a reject with requeue; the broker counts, dead-letters
import type { ConfirmChannel, Message } from 'amqplib';
import { errorMessage } from '../common/errors.ts';
import type { Logger } from '../common/log.ts';
import { sleep } from '../common/time.ts';

export interface Job {
  id: number;
  task: string;
}

export type Work = (job: Job) => Promise<void>;

// RabbitMQ carries bytes; the article's producer calls an `encode` it never shows. We use JSON, and the
// worker checks what it decodes: a body that is not a job is bad input, not a reason to retry.
export function encodeJob(job: Job): Buffer {
  return Buffer.from(JSON.stringify(job));
}

export function decodeJob(content: Buffer): Job {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    throw new Error(`not JSON: ${JSON.stringify(content.toString('utf8').slice(0, 40))}`);
  }
  const job = value as Partial<Job> | null;
  if (typeof job !== 'object' || job === null || typeof job.id !== 'number' || typeof job.task !== 'string') {
    throw new Error(`not a job ({ id: number, task: string }): ${JSON.stringify(value)}`);
  }
  return { id: job.id, task: job.task };
}

/** The work: a kitchen that takes `workMs` per job and can only make sandwiches. Anything else fails. */
export function kitchen(workMs = 100): Work {
  return async function makeIt(job: Job): Promise<void> {
    await sleep(workMs);
    if (!job.task.includes('sandwich')) throw new Error(`the kitchen cannot "${job.task}"`);
  };
}

// Why count attempts in our own header? A classic queue (RabbitMQ 3.10) tells a consumer only
// `redelivered: true`, not how many times; and nack(requeue=true) puts the message back at the head of
// the queue, where it would be fetched again at once, ahead of every other message.
export const ATTEMPT_HEADER = 'attempt';
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface HandleOptions {
  queue: string;
  work: Work;
  maxAttempts: number;
  log: Logger;
  /** A quorum queue with x-delivery-limit: requeue failures and let the broker count and dead-letter. */
  brokerCounts?: boolean;
}

export async function handleMessage(
  channel: ConfirmChannel,
  msg: Message,
  options: HandleOptions,
): Promise<'done' | 'retried' | 'dead-lettered'> {
  const { queue, work, maxAttempts, log, brokerCounts = false } = options;
  const headers = msg.properties.headers ?? {};
  // On a quorum queue the broker's x-delivery-count says how many deliveries came back before this one.
  const attempt = brokerCounts
    ? Number(headers['x-delivery-count'] ?? 0) + 1
    : attemptOf(headers[ATTEMPT_HEADER]);
  let job: Job;
  try {
    job = decodeJob(msg.content);
  } catch (err) {
    channel.nack(msg, false, false);
    log(` [!] Rejected a message that is not a job (${errorMessage(err)}): dead-lettered to ${queue}.dead`);
    return 'dead-lettered';
  }

  log(
    ` [x] Received job ${job.id} '${job.task}', attempt ` +
      `${attempt}/${maxAttempts}${msg.fields.redelivered ? ' (redelivered)' : ''}`,
  );
  try {
    await work(job);
  } catch (err) {
    if (brokerCounts) {
      // Back to the queue. The broker adds one to x-delivery-count and, past x-delivery-limit, dead-letters
      // the message itself (reason delivery_limit): the same count covers a worker that died holding it.
      // reject, not nack: from RabbitMQ 4.3 on, only reject (and a lost channel) counts as a failed delivery.
      channel.reject(msg, true);
      log(` [!] Job ${job.id} failed (${errorMessage(err)}); requeued, the broker counts its deliveries`);
      return 'retried';
    }
    if (attempt < maxAttempts) {
      // The copy must be safely in the queue before the original is acked: if we crash in between, the
      // original is redelivered and the job runs once more (at-least-once), but it is never lost.
      const copy = {
        persistent: true,
        contentType: msg.properties.contentType,
        headers: { ...headers, [ATTEMPT_HEADER]: attempt + 1 },
      };
      channel.sendToQueue(queue, msg.content, copy);
      await channel.waitForConfirms();
      channel.ack(msg);
      log(
        ` [!] Job ${job.id} failed (${errorMessage(err)}); will retry, attempt ${attempt + 1}/${maxAttempts}`,
      );
      return 'retried';
    }
    channel.nack(msg, false, false);
    log(` [!] Job ${job.id} failed ${attempt} times (${errorMessage(err)}): dead-lettered to ${queue}.dead`);
    return 'dead-lettered';
  }
  channel.ack(msg);
  log(` [x] Done job ${job.id}`);
  return 'done';
}

function attemptOf(value: unknown): number {
  const n = Number(value ?? 1);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}
