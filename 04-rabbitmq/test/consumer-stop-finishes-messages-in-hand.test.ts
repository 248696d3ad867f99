// Stopping a consumer that holds several messages (prefetch 3): it cancels its subscription (no new
// deliveries), finishes and acks the ones in hand, then closes. Nothing it held comes back; what it
// never received stays in the queue, not marked redelivered.
import { describe, expect, it, onTestFinished } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { runConsumer } from '../consumer.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { heldWork, quiet, useQueueFixture } from './helpers.ts';

describe('a consumer asked to stop with messages in hand', () => {
  const fixture = useQueueFixture('consumer-stop');

  it('finishes and acks them, and leaves the rest untouched', async () => {
    const { queue, broker } = fixture;
    await produce(
      queue,
      [1, 2, 3, 4, 5].map((id) => encodeJob({ id, task: 'make me a sandwich' })),
      { log: quiet },
    );
    const held = heldWork();
    const stop = new AbortController();
    const consumer = runConsumer({
      log: quiet,
      queue,
      name: 'S',
      prefetch: 3,
      work: held.work,
      signal: stop.signal,
    });
    // Pass or fail, the consumer stops and closes its connection before the next test.
    onTestFinished(async () => {
      stop.abort();
      held.release();
      await consumer.catch(() => {});
    });

    await waitFor('three messages in hand', () => held.started.length === 3);
    stop.abort();
    // Its subscription is cancelled while the three are still in hand; only then may they finish.
    await waitFor('the subscription cancelled', async () => (await broker.consumers(queue)) === 0);
    held.release();
    await consumer;

    expect(held.started.sort()).toEqual([1, 2, 3]);
    const left = await broker.drain(queue);
    expect(left.map((m) => JSON.parse(m.content.toString()).id)).toEqual([4, 5]);
    expect(left.every((m) => !m.fields.redelivered)).toBe(true);
  });
});
