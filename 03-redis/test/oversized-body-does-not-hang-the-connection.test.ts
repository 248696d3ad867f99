// A body over the 10 kB limit gets 413, and the connection it came on never hangs: fetch reuses a
// kept-alive connection, so three 2 MB sign-ups in a row must each get their 413, and a normal one its 201.
import { describe, expect, it } from 'vitest';
import { postJson, useChapter3 } from './fixture.ts';
import { connect, signupHead } from './raw-http.ts';

describe('an oversized body', () => {
  const ch3 = useChapter3('oversized');
  const huge = JSON.stringify({ email: 'ada@example.com', name: 'x'.repeat(2_000_000) });

  it('gets 413 every time, and the next request on the same client is answered', async () => {
    const app = await ch3.server();
    for (let i = 0; i < 3; i++) {
      const res = await postJson(`${app.url}/signup`, huge);
      expect(res).toEqual({ status: 413, body: { ok: false, error: 'body is larger than 10000 bytes' } });
    }
    expect(
      (await postJson(`${app.url}/signup`, JSON.stringify({ email: 'ada@example.com', name: 'Ada' }))).status,
    ).toBe(201);
    expect(app.users.count()).toBe(1);
  });

  it(
    'on a kept-alive connection: a second request after the 413 is answered, or the server closes the ' +
      'connection',
    async () => {
      const app = await ch3.server();
      const conn = await connect(app.url);
      ch3.defer(async () => conn.destroy());
      await conn.write(signupHead(huge.length) + huge);
      const second = JSON.stringify({ email: 'grace@example.com', name: 'Grace' });
      // the server may have closed already
      await conn.write(signupHead(second.length) + second).catch(() => {});

      // Either outcome is honest; waiting for neither (the defect) fails this test at its timeout.
      const answered = conn.responses(2).then((all) => all.map((r) => r.status));
      const [first] = await conn.responses(1);
      expect(first?.status).toBe(413);
      const outcome = await Promise.race([answered, conn.closed.then(() => 'closed' as const)]);
      if (outcome === 'closed') expect(first?.headers).toMatch(/connection: close/i);
      else expect(outcome).toEqual([413, 201]);
    },
  );
});
