// A multi-byte character split across two TCP packets is decoded whole: the row holds the name that was
// sent, and the queued job holds the same name as the row. The split is certain: the second half is
// sent only once the server's request has emitted the first half as a chunk of its own.
import { describe, expect, it } from 'vitest';
import { useChapter3 } from './fixture.ts';
import { connect, signupHead } from './raw-http.ts';

describe('a name with an emoji split across two packets', () => {
  const ch3 = useChapter3('split-utf8');

  it('is stored intact, and the job says the same as the row', async () => {
    const app = await ch3.server();
    const name = 'Ada 🎉 Lovelace';
    const body = Buffer.from(JSON.stringify({ email: 'ada@example.com', name }));
    const cut = body.indexOf(Buffer.from('🎉')) + 2; // in the middle of the emoji's four bytes

    // The body's chunks as the server's request emits them (the server's own 'data' listener, added
    // by its handler just before this one, gets the same chunks).
    const chunks: Buffer[] = [];
    let firstChunk: () => void = () => {};
    const firstRead = new Promise<void>((resolve) => (firstChunk = resolve));
    app.server.on('request', (req) =>
      req.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        firstChunk();
      }),
    );

    const conn = await connect(app.url);
    ch3.defer(async () => conn.destroy());
    await conn.write(Buffer.concat([Buffer.from(signupHead(body.length)), body.subarray(0, cut)]));
    await firstRead;
    await conn.write(body.subarray(cut));
    const [res] = await conn.responses(1);

    expect(chunks.map((c) => c.length)).toEqual([cut, body.length - cut]); // two reads, split mid-emoji
    expect(res?.status, res?.body).toBe(201);
    expect(app.users.find('ada@example.com')?.name).toBe(name);
    const [id] = await ch3.redis.lrange(ch3.keys().pending, 0, -1);
    const payload = JSON.parse((await ch3.redis.hget(ch3.keys().job(id!), 'payload'))!);
    expect(payload.json.user.name).toBe(name);
  });
});
