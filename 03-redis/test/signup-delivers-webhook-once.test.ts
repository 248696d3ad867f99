// The happy path, end to end: POST /signup -> a row in SQLite -> a job in Redis -> a worker POSTs the
// webhook -> the receiver gets it once, and the queue is left empty.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { postJson, useChapter3 } from './fixture.ts';

describe('a valid sign-up', () => {
  const ch3 = useChapter3('signup');

  it('gets 201, is stored, and its webhook is delivered exactly once', async () => {
    const receiver = await ch3.receiver();
    const app = await ch3.server({ webhookUrl: receiver.url });
    await ch3.worker();

    const { status, body } = await postJson(
      `${app.url}/signup`,
      JSON.stringify({ email: ' Ada@Example.com ', name: 'Ada Lovelace' }),
    );

    expect(status).toBe(201);
    expect(body).toEqual({ ok: true, id: 1 });
    expect(app.users.find('ada@example.com')).toMatchObject({
      id: 1,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
    });

    const delivery = await waitFor('the webhook to be delivered', () =>
      receiver.delivered.get('user-1-signed-up'),
    );
    expect(delivery.body).toEqual({
      event: 'user.signed-up',
      eventId: 'user-1-signed-up',
      user: { id: 1, email: 'ada@example.com', name: 'Ada Lovelace' },
    });
    // Once the job is gone from Redis nothing can deliver it again, so the count below is final.
    await waitFor('the queue to be empty', () => ch3.isDrained());
    expect(receiver.calls).toHaveLength(1);
  });
});
