// Exercise 4.3 · reference solution (the statement is in 4.3-fanout-exchange.problem.ts).
import type { ConfirmChannel } from 'amqplib';

export interface SignupEvent {
  eventId: string;
  email: string;
}

export async function declareSignupEvents(channel: ConfirmChannel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'fanout', { durable: true });
}

export async function subscribe(channel: ConfirmChannel, exchange: string, service: string): Promise<string> {
  // One queue per service: each gets its own copy of every event, and a slow or stopped service only
  // lets its own queue grow. Durable, so a service that restarts finds what it missed.
  const { queue } = await channel.assertQueue(`${exchange}.${service}`, { durable: true });
  await channel.bindQueue(queue, exchange, '');
  return queue;
}

export async function publishSignup(
  channel: ConfirmChannel,
  exchange: string,
  event: SignupEvent,
): Promise<void> {
  channel.publish(exchange, '', Buffer.from(JSON.stringify(event)), {
    persistent: true,
    contentType: 'application/json',
  });
  await channel.waitForConfirms();
}
