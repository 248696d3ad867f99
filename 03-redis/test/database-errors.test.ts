// When the database refuses the insert, nothing is queued: a duplicate email is the client's mistake
// (409), a broken database is the server's (500). The job is only pushed after the row is saved.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { requireRedis } from '../../common/servers.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { startSignupServer, type SignupServer } from '../producer.ts';
import { deleteQueue, queueKeys } from '../queue.ts';
import { postJson, recordingLogger } from './helpers.ts';

describe('a database error', () => {
  let queueName: string;
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let dbFile: string;
  let redis: Redis;
  let app: SignupServer;
  let serverLog: ReturnType<typeof recordingLogger>;
  const ada = JSON.stringify({ email: 'ada@example.com', name: 'Ada Lovelace' });

  beforeAll(() => requireRedis());

  beforeEach(async () => {
    queueName = uniqueName('db-errors');
    tmp = await makeTempDir();
    dbFile = path.join(tmp.dir, 'users.db');
    redis = new Redis(REDIS_URL);
    serverLog = recordingLogger();
    app = await startSignupServer({ dbFile, webhookUrl: 'http://127.0.0.1:9/unused', queueName, log: serverLog });
  });

  afterEach(async () => {
    await new Promise((resolve) => app.server.close(resolve));
    await deleteQueue(redis, queueName);
    await redis.quit();
    await tmp.remove();
  });

  it('a duplicate email -> 409, and no second job', async () => {
    expect((await postJson(`${app.url}/signup`, ada)).status).toBe(201);

    const again = await postJson(`${app.url}/signup`, JSON.stringify({ email: 'ADA@example.com', name: 'Ada again' }));
    expect(again).toEqual({ status: 409, body: { ok: false, error: 'ada@example.com has already signed up' } });
    expect(app.users.count()).toBe(1);
    expect(await redis.llen(queueKeys(queueName).pending)).toBe(1); // only the first sign-up's job
  });

  it('a failing database -> 500, the details only in the server log, and no job', async () => {
    // Break the database under the running server, as a bad migration would: drop its table.
    const other = new Database(dbFile);
    other.exec('DROP TABLE users');
    other.close();

    const res = await postJson(`${app.url}/signup`, ada);
    expect(res).toEqual({ status: 500, body: { ok: false, error: 'could not save the user: the database failed (details in the server log)' } });
    expect(serverLog.lines.some((l) => l.startsWith('ERROR') && l.includes('no such table: users'))).toBe(true);
    expect(await redis.llen(queueKeys(queueName).pending)).toBe(0);
  });
});
