// Exercise 4.2 · Publisher confirms: say "sent" only once the broker has the message
// Difficulty: ★★☆ medium · about 20 min
//
// `channel.sendToQueue(...)` returns as soon as amqplib has put the message in its write buffer. The
// message may still be lost on the way, or refused by the broker (a queue that is full and refuses),
// and a producer that says " [x] Sent" at that point is reporting a hope, not a fact.
//
// On a confirm channel (connection.createConfirmChannel()) the broker answers every publish: an ack
// once it has taken responsibility for the message (for a persistent message in a durable queue: it is
// on disk), or a nack when it refused it. amqplib hands that answer to the callback you pass as the
// last argument of sendToQueue: callback(err) with err null for an ack, an Error for a nack.
//
// Write publishConfirmed(channel, queue, body): publish the message persistent, and resolve only when
// the broker has acked it; reject when the broker nacks it. `sendSignups` (already written) uses it,
// so its " [x] Sent" line becomes the truth. The tests fill a queue that refuses new messages when full
// (x-overflow: reject-publish) and check that your promise rejects.
//
// Run: npm run exercise -- 4.2   (needs RabbitMQ: npm run services:start)
import type { ConfirmChannel } from 'amqplib';
import { errorMessage } from '../../common/errors.ts';
import type { Logger } from '../../common/log.ts';

export async function publishConfirmed(channel: ConfirmChannel, queue: string, body: Buffer): Promise<void> {
  // TODO: wait for the broker's ack (resolve) or nack (reject), through sendToQueue's callback.
  channel.sendToQueue(queue, body, { persistent: true });
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
