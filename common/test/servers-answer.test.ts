// Smoke test: both real servers answer, with the same configuration the chapters use.
import { describe, expect, it, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import amqp from 'amqplib';
import { AMQP_URL, REDIS_URL } from '../config.ts';
import { requireRabbitMQ, requireRedis } from '../servers.ts';
import { uniqueName } from '../testing/unique.ts';
import { sleep } from '../time.ts';

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
      const channel = await conn.createChannel();
      const queue = uniqueName('smoke');
      await channel.assertQueue(queue, { autoDelete: false, durable: false });
      channel.sendToQueue(queue, Buffer.from('hello'));
      let msg: amqp.GetMessage | false = false;
      for (let i = 0; i < 50 && !msg; i++) {
        msg = await channel.get(queue, { noAck: true });
        if (!msg) await sleep(20);
      }
      expect(msg === false ? false : msg.content.toString()).toBe('hello');
      await channel.deleteQueue(queue);
    } finally {
      await conn.close();
    }
  });
});
