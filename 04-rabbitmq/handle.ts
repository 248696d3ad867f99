// One message, start to finish: decode it, do the work, and settle it with the broker. Shared by the
// polling worker (worker.ts) and the consumer (consumer.ts); they differ only in how messages arrive.
//
//   work succeeds               -> ack: the broker forgets the message
//   work fails, attempts left   -> publish a copy with `attempt` + 1 to the back of the queue, then ack
//   work fails, no attempts left -> reject without requeue: the broker dead-letters it to <queue>.dead
//   body is not a job            -> reject at once: retrying cannot fix bad input
//
// Why count attempts in our own header? A classic queue (RabbitMQ 3.10) tells a consumer only
// `redelivered: true`, not how many times; `x-delivery-count` exists on quorum queues only. And requeueing
// with nack(requeue=true) puts the message back at the head of the queue, where it would be fetched again at
// once, ahead of every other message.
import type { ConfirmChannel, Message } from 'amqplib';
import type { Logger } from '../common/log.ts';
import { deadLetterNames } from './channel.ts';
import { decodeJob, type Job, type Work } from './job.ts';

export const ATTEMPT_HEADER = 'attempt';
export const DEFAULT_MAX_ATTEMPTS = 3;

export type Outcome = 'done' | 'retried' | 'dead-lettered';

export interface HandleOptions {
  queue: string;
  work: Work;
  maxAttempts: number;
  log: Logger;
}

export async function handleMessage(channel: ConfirmChannel, msg: Message, options: HandleOptions): Promise<Outcome> {
  const { queue, work, maxAttempts, log } = options;
  const attempt = attemptOf(msg);
  const again = msg.fields.redelivered ? ' (redelivered)' : '';

  let job: Job;
  try {
    job = decodeJob(msg.content);
  } catch (err) {
    channel.nack(msg, false, false);
    log(` [!] Rejected a message that is not a job (${(err as Error).message}): dead-lettered to ${deadLetterNames(queue).queue}`);
    return 'dead-lettered';
  }

  log(` [x] Received job ${job.id} '${job.task}', attempt ${attempt}/${maxAttempts}${again}`);
  try {
    await work(job);
  } catch (err) {
    const reason = (err as Error).message;
    if (attempt < maxAttempts) {
      // The copy must be safely in the queue before the original is acked: if we crash in between, the
      // original is redelivered and the job runs once more (at-least-once), but it is never lost.
      const headers = { ...msg.properties.headers, [ATTEMPT_HEADER]: attempt + 1 };
      channel.sendToQueue(queue, msg.content, { persistent: true, contentType: msg.properties.contentType, headers });
      await channel.waitForConfirms();
      channel.ack(msg);
      log(` [!] Job ${job.id} failed (${reason}); will retry, attempt ${attempt + 1}/${maxAttempts}`);
      return 'retried';
    }
    channel.nack(msg, false, false);
    log(` [!] Job ${job.id} failed ${attempt} times (${reason}): dead-lettered to ${deadLetterNames(queue).queue}`);
    return 'dead-lettered';
  }
  channel.ack(msg);
  log(` [x] Done job ${job.id}`);
  return 'done';
}

function attemptOf(msg: Message): number {
  const value = Number(msg.properties.headers?.[ATTEMPT_HEADER] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}
