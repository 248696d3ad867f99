// When the database refuses the insert, nothing is queued: a duplicate email is the client's mistake
// (409), a broken database is the server's (500). The job is only pushed after the row is saved.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { postJson, useChapter3 } from './fixture.ts';

describe('a database error', () => {
  const ch3 = useChapter3('db-errors');
  const ada = JSON.stringify({ email: 'ada@example.com', name: 'Ada Lovelace' });

  it('a duplicate email -> 409, and no second job', async () => {
    const app = await ch3.server();
    expect((await postJson(`${app.url}/signup`, ada)).status).toBe(201);

    const again = await postJson(
      `${app.url}/signup`,
      JSON.stringify({ email: 'ADA@example.com', name: 'Ada again' }),
    );
    expect(again).toEqual({
      status: 409,
      body: { ok: false, error: 'ada@example.com has already signed up' },
    });
    expect(app.users.count()).toBe(1);
    expect(await ch3.redis.llen(ch3.keys().pending)).toBe(1); // only the first sign-up's job
  });

  it('a failing database -> 500, the details only in the server log, and no job', async () => {
    const app = await ch3.server();
    // Break the database under the running server, as a bad migration would: drop its table.
    const other = new Database(ch3.dbFile);
    other.exec('DROP TABLE users');
    other.close();

    const res = await postJson(`${app.url}/signup`, ada);
    expect(res).toEqual({
      status: 500,
      body: { ok: false, error: 'could not save the user: the database failed (details in the server log)' },
    });
    expect(app.log.lines.some((l) => l.startsWith('ERROR') && l.includes('no such table: users'))).toBe(true);
    expect(await ch3.redis.llen(ch3.keys().pending)).toBe(0);
  });
});
