// Requests that are not a sign-up are refused with the status that says why, and leave no trace.
import { describe, expect, it } from 'vitest';
import { postJson, useChapter3 } from './fixture.ts';

describe('a request that is not POST /signup with JSON', () => {
  const ch3 = useChapter3('wrong-request');
  const ada = JSON.stringify({ email: 'ada@example.com', name: 'Ada' });

  it('a wrong method -> 405', async () => {
    const app = await ch3.server();
    const res = await fetch(`${app.url}/signup`);
    expect(res.status).toBe(405);
    expect(((await res.json()) as { error: string }).error).toMatch(/use POST \/signup/);
  });

  it('a wrong path -> 404', async () => {
    const app = await ch3.server();
    expect((await postJson(`${app.url}/users`, ada)).status).toBe(404);
  });

  it('a body that is not declared JSON -> 415, even when it would parse', async () => {
    const app = await ch3.server();
    const res = await postJson(`${app.url}/signup`, ada, { headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatch(/content-type must be application\/json/);
  });

  it('none of them stores or queues anything', async () => {
    const app = await ch3.server();
    await fetch(`${app.url}/signup`);
    await postJson(`${app.url}/users`, ada);
    await postJson(`${app.url}/signup`, ada, { headers: { 'content-type': 'text/plain' } });
    expect(app.users.count()).toBe(0);
    expect(await ch3.existingKeys()).toEqual([]);
  });
});
