// The broker closes a consumer's connection while it holds a message: the consumer lets the work finish,
// then fails with one line that carries the broker's reason (worker.ts's main prints it and exits 1).
// The message it held was never acked, so the broker puts it back in the queue, marked redelivered.
import { describe, expect, it, onTestFinished } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { runConsumer } from '../consumer.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { heldWork, managementApi, quiet, SLOW, useQueueFixture } from './helpers.ts';

describe('a consumer whose connection the broker closes', () => {
  const fixture = useQueueFixture('consumer-lost');

  it('rejects with the reason, and its message goes back to the queue', {
    timeout: SLOW.testMs,
  }, async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a sandwich' })], { log: quiet });
    const held = heldWork();
    // A user of its own, so the test can close this consumer's connection (and no other) at once.
    const user = await managementApi().temporaryUser('ch4-consumer-lost');
    onTestFinished(() => user.remove());
    const consumer = runConsumer({ log: quiet, queue, name: 'L', work: held.work, url: user.url });
    const failed = consumer.catch((err: Error) => err);
    onTestFinished(async () => {
      held.release();
      await failed;
    });
    await waitFor('the message in hand', () => held.started.length === 1);

    await user.closeConnections('closed by the test');
    held.release();

    expect(String(await failed)).toBe(
      'Error: lost the connection to RabbitMQ: Connection closed: 320 (CONNECTION-FORCED) with message ' +
        '"CONNECTION_FORCED - closed by the test"',
    );
    const back = await waitFor('the message back in the queue', async () => (await broker.drain(queue))[0]);
    expect(JSON.parse(back.content.toString()).id).toBe(1);
    expect(back.fields.redelivered).toBe(true);
  });
});
