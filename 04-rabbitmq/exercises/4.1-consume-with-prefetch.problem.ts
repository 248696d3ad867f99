// Exercise 4.1 · From polling to pushing: a consumer with a prefetch limit
// Difficulty: ★★☆ medium · about 25 min
//
// The article's worker (04-rabbitmq/worker.ts) polls: channel.get, handle, and when the queue is empty,
// sleep and ask again. Below is the same loop. It costs a round trip per message, reacts to a new
// message only at its next poll, and handles one message at a time however many are waiting.
//
// Rewrite startConsumer so the broker pushes messages instead:
// 1. channel.prefetch(prefetch): the broker sends this consumer at most `prefetch` messages it has not
//    acked yet. (Without a limit, a consumer alone on a backlog gets all of it at once; several
//    consumers get the messages round robin.)
// 2. channel.consume(queue, onMessage, { noAck: false }): handle each message AS IT ARRIVES with
//    handleMessage (from ../job.ts, it acks, retries or dead-letters), without awaiting one before
//    the next: up to `prefetch` jobs then run at the same time. Keep each handling promise in a Set
//    until it settles. (A null message means the broker cancelled the subscription: ignore it.)
// 3. stop(): channel.cancel(consumerTag) (no new deliveries), then wait for the handlings in the Set.
//
// The tests check that prefetch 3 runs three jobs at once and never four, that a fast and a slow
// consumer with prefetch 1 share the work fairly (the fast one does most), and that stop() lets the
// jobs in hand finish and leaves the rest in the queue.
// Run: npm run exercise -- 4.1   (needs RabbitMQ: npm run services:start)
import type { ConfirmChannel } from 'amqplib';
import type { Logger } from '../../common/log.ts';
import { sleep } from '../../common/time.ts';
import { handleMessage } from '../job.ts';
import type { Work } from '../job.ts';

export interface ConsumerOptions {
  /** Messages in this consumer's hands (delivered, not yet acked) at most. */
  prefetch: number;
  work: Work;
  maxAttempts?: number;
  log: Logger;
}

export interface Consumer {
  /** No new messages; resolves once the ones in hand are handled (acked, retried or dead-lettered). */
  stop(): Promise<void>;
}

export async function startConsumer(
  channel: ConfirmChannel,
  queue: string,
  options: ConsumerOptions,
): Promise<Consumer> {
  const { work, maxAttempts = 3, log } = options;
  // TODO: replace this polling loop with prefetch + consume (and a stop() that cancels, then waits).
  let running = true;
  const loop = (async () => {
    while (running) {
      const msg = await channel.get(queue, { noAck: false });
      if (msg) await handleMessage(channel, msg, { queue, work, maxAttempts, log });
      else await sleep(100);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
