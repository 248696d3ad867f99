// A test that needs a server and cannot reach it must fail with a line that says how to start it.
import { describe, expect, it } from 'vitest';
import { requireRabbitMQ, requireRedis } from '../servers.ts';
import { parseRedisUrl } from '../config.ts';

describe('a missing server gives one clear line with the fix', () => {
  it('Redis on a closed port names the address and the start command', async () => {
    await expect(requireRedis('redis://127.0.0.1:1')).rejects.toThrow(
      /Redis is not answering at 127\.0\.0\.1:1.*npm run services:start/,
    );
  });

  it('RabbitMQ on a closed port names the address and the start command', async () => {
    await expect(requireRabbitMQ('amqp://guest:guest@127.0.0.1:1')).rejects.toThrow(
      /RabbitMQ is not answering at 127\.0\.0\.1:1.*npm run services:start/,
    );
  });

  it('a malformed URL is rejected before any connection is tried', async () => {
    expect(() => parseRedisUrl('not a url')).toThrow(/REDIS_URL is not a valid URL/);
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow(/must start with redis:\/\//);
    await expect(requireRabbitMQ('::nope::')).rejects.toThrow(/AMQP_URL is not a valid URL/);
  });
});
