// What `basic.consume` does without a prefetch limit (RabbitMQ 3.10 here; round robin is documented the
// same way for 4.x): messages that arrive while two consumers are subscribed are handed out in turn, one
// each; a lone consumer that subscribes to a backlog is pushed all of it at once, and a consumer that
// comes later gets nothing until the first one gives messages back. prefetch(1) is what makes sharing fair.
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AMQP_URL } from '../../common/config.ts';
import { requireRabbitMQ } from '../../common/servers.ts';
import { waitFor } from '../../common/time.ts';
import { type Inspector, openInspector, SLOW, testQueue } from './helpers.ts';

let queue: string;
let broker: Inspector;
let connection: ChannelModel;
beforeAll(() => requireRabbitMQ());
beforeEach(async () => {
  queue = testQueue('no-prefetch');
  broker = await openInspector();
  connection = await amqp.connect(AMQP_URL, { noDelay: true });
});
afterEach(async () => {
  await connection?.close().catch(() => {});
  await broker?.remove(queue);
  await broker?.close();
});

/** A consumer with no prefetch limit that never acks: it keeps every message it is given. */
async function holdingConsumer(): Promise<{ channel: Channel; held: number[] }> {
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true });
  const held: number[] = [];
  await channel.consume(queue, (msg) => msg && held.push(Number(msg.content.toString())), { noAck: false });
  return { channel, held };
}

async function publish(count: number): Promise<void> {
  const channel = await connection.createConfirmChannel();
  await channel.assertQueue(queue, { durable: true });
  for (let i = 1; i <= count; i++) channel.sendToQueue(queue, Buffer.from(String(i)), { persistent: true });
  await channel.waitForConfirms();
  await channel.close();
}

describe('basic.consume without prefetch', () => {
  it('hands new messages to subscribed consumers in turn', { timeout: SLOW.testMs }, async () => {
    const [a, b] = [await holdingConsumer(), await holdingConsumer()];
    await publish(10);
    await waitFor('all 10 delivered', () => a.held.length + b.held.length === 10, { timeoutMs: 10_000 });
    expect(a.held).toEqual([1, 3, 5, 7, 9]);
    expect(b.held).toEqual([2, 4, 6, 8, 10]);
  });

  it('pushes a whole backlog into a lone consumer; a later one gets nothing', {
    timeout: SLOW.testMs,
  }, async () => {
    await publish(50);
    const first = await holdingConsumer();
    await waitFor('the backlog delivered', () => first.held.length === 50, { timeoutMs: 10_000 });
    const later = await holdingConsumer();
    expect(await broker.count(queue)).toBe(0); // nothing ready: all 50 are unacked in the first's hands
    expect(later.held).toEqual([]);
    await first.channel.close(); // it gives them back: now the later consumer gets them
    await waitFor('the later consumer to get them', () => later.held.length === 50, { timeoutMs: 10_000 });
  });
});
