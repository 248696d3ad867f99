// When the broker cancels a consumer's subscription (its queue was deleted), amqplib calls the message
// callback with null. The consumer takes that as its cue to stop: it resolves and says why, instead of
// waiting forever for messages that cannot come.
import { describe, expect, it, onTestFinished } from 'vitest';
import { recordingLogger } from '../../common/log.ts';
import { waitFor } from '../../common/time.ts';
import { runConsumer } from '../consumer.ts';
import { heldWork, useQueueFixture } from './helpers.ts';

describe('a consumer whose queue is deleted', () => {
  const fixture = useQueueFixture('consumer-cancel');

  it('stops and says the broker cancelled it', async () => {
    const { queue } = fixture;
    const log = recordingLogger();
    const held = heldWork();
    const stop = new AbortController();
    const consumer = runConsumer({ log, queue, name: 'C', work: held.work, signal: stop.signal });
    onTestFinished(async () => {
      stop.abort(); // pass or fail, the consumer stops before the next test
      held.release();
      await consumer.catch(() => {});
    });
    await waitFor('the consumer to subscribe', () =>
      log.lines.some((l) => l.includes('Waiting for messages')),
    );

    await fixture.broker.remove(queue);

    await consumer;
    expect(log.lines.at(-1)).toBe(
      `stopped: the broker cancelled the subscription (queue '${queue}' deleted?)`,
    );
  });
});
