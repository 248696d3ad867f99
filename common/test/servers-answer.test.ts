// Smoke test: both real servers answer, with the same configuration the chapters use.
import { describe, expect, it, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import amqp from 'amqplib';
import { AMQP_URL, REDIS_URL } from '../config.ts';
import { requireRabbitMQ, requireRedis } from '../servers.ts';
import { uniqueName } from '../testing/unique.ts';

describe('Redis', () => {
  beforeAll(() => requireRedis());

  it('answers a round trip: a value written is read back', async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
    try {
      const key = uniqueName('smoke');
      await redis.set(key, 'hello', 'EX', 60);
      expect(await redis.get(key)).toBe('hello');
      await redis.del(key);
    } finally {
      redis.disconnect();
    }
  });
});

describe('RabbitMQ', () => {
  beforeAll(() => requireRabbitMQ());

  it('answers a round trip: declare a queue, send a message, get it back', async () => {
    const conn = await amqp.connect(AMQP_URL, { noDelay: true });
    try {
      // Exclusive: the queue is this connection's and goes with it. A transient queue that is not exclusive
      // is refused from RabbitMQ 4.3 on (common/test/no-declaration-rabbitmq-4-refuses.test.ts).
      const channel = await conn.createConfirmChannel();
      const queue = uniqueName('smoke');
      await channel.assertQueue(queue, { durable: false, exclusive: true });
      channel.sendToQueue(queue, Buffer.from('hello'));
      await channel.waitForConfirms(); // confirmed: the message is in the queue
      const msg = await channel.get(queue, { noAck: true });
      expect(msg === false ? false : msg.content.toString()).toBe('hello');
      await channel.deleteQueue(queue);
    } finally {
      await conn.close();
    }
  });
});
