// Bad requests get a 4xx with a message saying what is wrong, and leave no trace: no user row, no job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { startSignupServer, type SignupServer } from '../producer.ts';
import { deleteQueue } from '../queue.ts';
import { existingKeys, postJson, recordingLogger } from './helpers.ts';

describe('a bad sign-up request', () => {
  const queueName = uniqueName('bad-signup');
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let redis: Redis;
  let app: SignupServer;

  beforeAll(async () => {
    await requireRedis();
    tmp = await makeTempDir();
    redis = new Redis(REDIS_URL);
    app = await startSignupServer({ dbFile: path.join(tmp.dir, 'users.db'), webhookUrl: 'http://127.0.0.1:9/unused', queueName, log: recordingLogger() });
  });

  afterAll(async () => {
    await new Promise((resolve) => app.server.close(resolve));
    await deleteQueue(redis, queueName);
    await redis.quit();
    await tmp.remove();
  });

  it.each([
    ['not JSON', '{"email": "ada@example.com", "name": ', /body is not valid JSON/],
    ['empty', '', /body is not valid JSON/],
    ['a JSON array', '[{"email": "ada@example.com", "name": "Ada"}]', /body must be a JSON object/],
    ['no email', '{"name": "Ada"}', /email must be a string like/],
    ['an email without @', '{"email": "ada.example.com", "name": "Ada"}', /email must be a string like/],
    ['an email that is a number', '{"email": 42, "name": "Ada"}', /email must be a string like/],
    ['no name', '{"email": "ada@example.com"}', /name must be a non-empty string/],
    ['a blank name', '{"email": "ada@example.com", "name": "   "}', /name must be a non-empty string/],
  ])('%s -> 400 with a clear message', async (_, body, message) => {
    const res = await postJson(`${app.url}/signup`, body);
    expect(res.status).toBe(400);
    expect(res.body.ok).toBe(false);
    expect(res.body.error).toMatch(message);
  });

  it('a body over 10 kB -> 413', async () => {
    const res = await postJson(`${app.url}/signup`, JSON.stringify({ email: 'ada@example.com', name: 'x'.repeat(20_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/larger than 10000 bytes/);
  });

  it('a wrong method or path -> 405 or 404', async () => {
    expect((await fetch(`${app.url}/signup`)).status).toBe(405);
    expect((await postJson(`${app.url}/users`, '{}')).status).toBe(404);
  });

  it('none of them stored a user or queued a job', async () => {
    expect(app.users.count()).toBe(0);
    expect(await existingKeys(redis, queueName)).toEqual([]);
  });
});
