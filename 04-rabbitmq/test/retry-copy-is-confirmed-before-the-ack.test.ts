// choosing: never loses an accepted job (simulated); never runs a job twice (simulated)
// A failed job is retried by publishing a copy (attempt + 1) and acking the original. The order matters:
// the copy is confirmed by the broker BEFORE the original is acked, so a crash between the two steps
// leaves the job twice in the queue (run twice: at-least-once), never zero times. Here the "crash" is
// the worker's socket destroyed at the moment it acks, as a kill -9 would.
import { describe, expect, it } from 'vitest';
import type { ConfirmChannel } from 'amqplib';
import { waitFor } from '../../common/time.ts';
import { createQueueChannel } from '../channel.ts';
import { ATTEMPT_HEADER, encodeJob, handleMessage } from '../job.ts';
import { produce } from '../producer.ts';
import { quiet, useQueueFixture } from './helpers.ts';

describe('a worker that dies while retrying a job', () => {
  const fixture = useQueueFixture('retry-order');

  it('leaves the job twice in the queue, never lost', async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a unicorn' })], { log: quiet });
    const { channel, connection } = await createQueueChannel(queue);
    const socket = (connection as unknown as { connection: { stream: { destroy(): void } } }).connection
      .stream;
    // The channel, except that its ack kills the connection instead of acking.
    const crashAtAck = new Proxy(channel, {
      get: (target, key) => (key === 'ack' ? () => socket.destroy() : Reflect.get(target, key, target)),
    }) as ConfirmChannel;

    const msg = await channel.get(queue, { noAck: false });
    expect(msg).not.toBe(false);
    await handleMessage(crashAtAck, msg as Exclude<typeof msg, false>, {
      queue,
      maxAttempts: 3,
      log: quiet,
      work: async () => {
        throw new Error('the kitchen cannot');
      },
    });

    await waitFor(
      'the original back in the queue beside its copy',
      async () => (await broker.count(queue)) === 2,
    );
    const both = await broker.drain(queue);
    expect(
      both.map((m) => [m.properties.headers?.[ATTEMPT_HEADER] ?? 1, m.fields.redelivered]).sort(),
    ).toEqual([
      [1, true], // the original, never acked, redelivered
      [2, false], // the copy for the next attempt
    ]);
  });
});
