// Text the database could not store as sent is refused with a 400 that says why, so a row and its job
// never disagree: a lone surrogate ("a\ud800b", valid JSON, not valid Unicode) and bytes that are not UTF-8.
import { describe, expect, it } from 'vitest';
import { useChapter3 } from './fixture.ts';
import { connect, signupHead } from './raw-http.ts';

describe('ill-formed text in a sign-up', () => {
  const ch3 = useChapter3('ill-formed');

  async function send(body: Buffer) {
    const app = await ch3.server();
    const conn = await connect(app.url);
    ch3.defer(async () => conn.destroy());
    await conn.write(Buffer.concat([Buffer.from(signupHead(body.length)), body]));
    const [res] = await conn.responses(1);
    return { app, status: res!.status, error: JSON.parse(res!.body).error as string };
  }

  it.each([
    [
      'a lone surrogate in the name',
      String.raw`{"email": "ada@example.com", "name": "a\ud800b"}`,
      /name must be well-formed Unicode/,
    ],
    [
      'a lone surrogate in the email',
      String.raw`{"email": "ad\udc00a@example.com", "name": "Ada"}`,
      /email must be well-formed Unicode/,
    ],
  ])('%s -> 400 that says why, nothing stored or queued', async (_, json, message) => {
    const { app, status, error } = await send(Buffer.from(json));
    expect(status).toBe(400);
    expect(error).toMatch(message);
    expect(app.users.count()).toBe(0);
    expect(await ch3.existingKeys()).toEqual([]);
  });

  it('bytes that are not UTF-8 -> 400 that says why, nothing stored or queued', async () => {
    const body = Buffer.concat([
      Buffer.from('{"email": "ada@example.com", "name": "Ad'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('a"}'),
    ]);
    const { app, status, error } = await send(body);
    expect(status).toBe(400);
    expect(error).toMatch(/body is not valid UTF-8/);
    expect(app.users.count()).toBe(0);
    expect(await ch3.existingKeys()).toEqual([]);
  });
});
