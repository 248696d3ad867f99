// Exercise 4.3 · A fanout exchange: every service gets every sign-up event
// Difficulty: ★☆☆ easy · about 15 min (optional)
//
// Two services want to hear about each sign-up: "email" sends the welcome mail, "analytics" counts.
// The code below has both read from ONE queue. Two consumers on one queue share its messages (round
// robin): that is what a work queue is for, but here each service would see only some of the events.
//
// Give each service its own queue and let RabbitMQ copy every event into all of them:
//
// 1. declareSignupEvents(channel, exchange): declare a durable exchange of type 'fanout'.
// 2. subscribe(channel, exchange, service): declare a durable queue named `${exchange}.${service}`,
//    bind it to the exchange (routing key '': a fanout exchange ignores it), return its name.
// 3. publishSignup(channel, exchange, event): publish the event (JSON, persistent) to the exchange
//    instead of to a queue, then await channel.waitForConfirms().
//
// A fanout exchange copies each message into the queues bound to it at that moment; a service that
// subscribes later gets the events published after it, not the ones before. The tests check both.
// Run: npm run exercise -- 4.3   (needs RabbitMQ: npm run services:start)
import type { ConfirmChannel } from 'amqplib';

export interface SignupEvent {
  eventId: string;
  email: string;
}

export async function declareSignupEvents(channel: ConfirmChannel, exchange: string): Promise<void> {
  // TODO: a durable fanout exchange. (Today: one shared queue.)
  await channel.assertQueue(`${exchange}.all`, { durable: true });
}

export async function subscribe(channel: ConfirmChannel, exchange: string, service: string): Promise<string> {
  // TODO: a queue of the service's own, bound to the exchange.
  return `${exchange}.all`;
}

export async function publishSignup(
  channel: ConfirmChannel,
  exchange: string,
  event: SignupEvent,
): Promise<void> {
  // TODO: publish to the exchange, not to the shared queue.
  channel.sendToQueue(`${exchange}.all`, Buffer.from(JSON.stringify(event)), { persistent: true });
  await channel.waitForConfirms();
}
