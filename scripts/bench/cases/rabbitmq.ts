// Chapter 4 and its bare engine on the same RabbitMQ:
//  - bare engine: amqplib `consume` with prefetch 100 and a no-op handler that acks at once, fed by
//    `sendToQueue` on a plain channel; durable queue, persistent messages, like the chapter;
//  - chapter 4's polling worker (channel.get in a loop, backoff when empty) and its consume+prefetch
//    consumer, driven through the chapter's own modules.
import amqp from 'amqplib';
import { AMQP_URL } from '../../../common/config.ts';
import type { Case, Subject } from '../harness.ts';
import { benchName } from '../names.ts';

/** A producer that respects the channel's back-pressure: when sendToQueue says "full", wait for drain. */
export async function openProducer(queue: string) {
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true });
  let drained: Promise<void> | undefined;
  return {
    async send(id: number) {
      while (drained) await drained;
      if (!channel.sendToQueue(queue, Buffer.from(JSON.stringify({ id })), { persistent: true })) {
        drained = new Promise<void>((resolve) => channel.once('drain', () => { drained = undefined; resolve(); }));
      }
    },
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

export const rabbitCases: Case[] = [
  {
    id: 'amqplib consume',
    chapter: '04-rabbitmq',
    label: 'amqplib consume, prefetch 100, bare',
    kind: 'bare',
    backoffMs: 0,
    start: ({ onJob }) => startBareConsume(100, onJob),
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
