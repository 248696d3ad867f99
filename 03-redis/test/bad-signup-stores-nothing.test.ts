// Bad requests get a 4xx with a message saying what is wrong, and leave no trace: no user row, no job.
import { describe, expect, it } from 'vitest';
import { postJson, useChapter3 } from './fixture.ts';

describe('a bad sign-up request', () => {
  const ch3 = useChapter3('bad-signup');

  it.each([
    ['not JSON', '{"email": "ada@example.com", "name": ', /body is not valid JSON/],
    ['empty', '', /body is not valid JSON/],
    ['a JSON array', '[{"email": "ada@example.com", "name": "Ada"}]', /body must be a JSON object/],
    ['no email', '{"name": "Ada"}', /email must be a string like/],
    ['an email without @', '{"email": "ada.example.com", "name": "Ada"}', /email must be a string like/],
    ['an email that is a number', '{"email": 42, "name": "Ada"}', /email must be a string like/],
    ['no name', '{"email": "ada@example.com"}', /name must be a non-empty string/],
    ['a blank name', '{"email": "ada@example.com", "name": "   "}', /name must be a non-empty string/],
  ])('%s -> 400 with a clear message, nothing stored or queued', async (_, body, message) => {
    const app = await ch3.server();
    const res = await postJson(`${app.url}/signup`, body);
    expect(res.status).toBe(400);
    expect(res.body.ok).toBe(false);
    expect(res.body.error).toMatch(message);
    expect(app.users.count()).toBe(0);
    expect(await ch3.existingKeys()).toEqual([]);
  });

  it('a body over 10 kB -> 413, nothing stored or queued', async () => {
    const app = await ch3.server();
    const res = await postJson(
      `${app.url}/signup`,
      JSON.stringify({ email: 'ada@example.com', name: 'x'.repeat(20_000) }),
    );
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/larger than 10000 bytes/);
    expect(app.users.count()).toBe(0);
    expect(await ch3.existingKeys()).toEqual([]);
  });
});
