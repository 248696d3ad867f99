// Exercise 4.2 · reference solution (the statement is in 4.2-publisher-confirms.problem.ts).
import type { ConfirmChannel } from 'amqplib';
import { errorMessage } from '../../common/errors.ts';
import type { Logger } from '../../common/log.ts';

export async function publishConfirmed(channel: ConfirmChannel, queue: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    // The callback runs when the broker's basic.ack or basic.nack for this message arrives. The boolean
    // sendToQueue returns is only about amqplib's write buffer (backpressure), not about the broker.
    channel.sendToQueue(queue, body, { persistent: true }, (err) =>
      err ? reject(new Error(`the broker refused the message to "${queue}"`, { cause: err })) : resolve(),
    );
  });
}

// ---- Already written: a producer of sign-up events that reports each one only once it is safe. ----

export interface SignupEvent {
  eventId: string;
  email: string;
}

/** Sends every event, one after the other. Resolves with the ids the broker confirmed. */
export async function sendSignups(
  channel: ConfirmChannel,
  queue: string,
  events: SignupEvent[],
  log: Logger,
): Promise<string[]> {
  const confirmed: string[] = [];
  for (const event of events) {
    try {
      await publishConfirmed(channel, queue, Buffer.from(JSON.stringify(event)));
      confirmed.push(event.eventId);
      log(` [x] Sent ${event.eventId}: the broker has it`);
    } catch (err) {
      log.error(` [!] ${event.eventId} NOT sent: ${errorMessage(err)}`);
    }
  }
  return confirmed;
}
