// Exercise 4.1 · reference solution (the statement is in 4.1-consume-with-prefetch.problem.ts).
import type { ConfirmChannel } from 'amqplib';
import type { Logger } from '../../common/log.ts';
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
  const { prefetch, work, maxAttempts = 3, log } = options;
  // Set before consume, so it applies to the very first deliveries. (amqplib's prefetch is per
  // consumer, each new consumer on this channel gets this limit.)
  await channel.prefetch(prefetch);

  const inHand = new Set<Promise<unknown>>();
  const { consumerTag } = await channel.consume(
    queue,
    (msg) => {
      if (msg === null) return; // the broker cancelled us (the queue was deleted)
      // Not awaited: the broker already limits how many we hold, so each delivery starts at once.
      const handling = handleMessage(channel, msg, { queue, work, maxAttempts, log })
        .catch((err: Error) => log.error(' [!] could not settle a message: %s', err.message))
        .finally(() => inHand.delete(handling));
      inHand.add(handling);
    },
    { noAck: false }, // ack after the work, so a consumer that dies loses nothing: the broker redelivers
  );

  return {
    async stop() {
      await channel.cancel(consumerTag); // from here on the broker sends us nothing new
      await Promise.all(inHand); // messages in hand: finish them and ack, rather than drop them
    },
  };
}
