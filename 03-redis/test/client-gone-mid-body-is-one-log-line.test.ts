// A client that goes away in the middle of its body is not a server error: the server logs one line
// (no 500, no stack trace) and stores nothing.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { useChapter3 } from './fixture.ts';
import { connect, signupHead } from './raw-http.ts';

describe('a client that disconnects mid-body', () => {
  const ch3 = useChapter3('client-gone');

  it('is logged as one line, not as a 500 with a stack, and nothing is stored', async () => {
    const app = await ch3.server();
    const conn = await connect(app.url);
    await conn.write(`${signupHead(100)}{"email": "ada@exa`); // 18 of the 100 bytes promised
    conn.destroy();

    const line = await waitFor('the server to log the request', () =>
      app.log.lines.find((l) => l.includes('POST /signup')),
    );
    expect(line).toMatch(/^POST \/signup: the client went away before sending its whole body/);
    expect(line).not.toMatch(/500|\n\s+at /);
    expect(app.log.lines.filter((l) => l.includes('/signup'))).toHaveLength(1);
    expect(app.users.count()).toBe(0);
    expect(await ch3.existingKeys()).toEqual([]);
  });

  it(
    'a truncated body on a half-closed connection is the same: one line, nothing stored, the connection ' +
      'closed',
    async () => {
      const app = await ch3.server();
      const conn = await connect(app.url);
      ch3.defer(async () => conn.destroy());
      await conn.write(`${signupHead(100)}{"email": "ada@exa`);
      await conn.end();

      await conn.closed;
      const line = await waitFor('the server to log the request', () =>
        app.log.lines.find((l) => l.includes('POST /signup')),
      );
      expect(line).toMatch(/^POST \/signup: the client went away before sending its whole body/);
      expect(app.users.count()).toBe(0);
    },
  );
});
