// An email is one person however it is typed: case and surrounding spaces do not make a second sign-up.
import { describe, expect, it } from 'vitest';
import { postJson, useChapter3 } from './fixture.ts';

describe('emails that differ only in case or surrounding spaces', () => {
  const ch3 = useChapter3('same-email');

  it.each([' ada@example.com', 'ADA@EXAMPLE.COM', '  Ada@Example.com\t'])(
    '%j after ada@example.com -> 409, one row, one job',
    async (again) => {
      const app = await ch3.server();
      expect(
        (await postJson(`${app.url}/signup`, JSON.stringify({ email: 'ada@example.com', name: 'Ada' })))
          .status,
      ).toBe(201);
      const res = await postJson(`${app.url}/signup`, JSON.stringify({ email: again, name: 'Ada again' }));
      expect(res).toEqual({
        status: 409,
        body: { ok: false, error: 'ada@example.com has already signed up' },
      });
      expect(app.users.count()).toBe(1);
      expect(await ch3.redis.llen(ch3.keys().pending)).toBe(1);
    },
  );
});
