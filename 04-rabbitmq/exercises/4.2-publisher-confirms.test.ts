// Tests for exercise 4.2, against the real RabbitMQ. They run against your problem file, or the
// solution with --solution.
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AMQP_URL } from '../../common/config.ts';
import { requireRabbitMQ } from '../../common/servers.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { recordingLogger } from '../../common/log.ts';
import * as problem from './4.2-publisher-confirms.problem.ts';
import * as solution from './4.2-publisher-confirms.solution.ts';

const { publishConfirmed, sendSignups } = process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

describe('publisher confirms', () => {
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  let queue: string;

  beforeAll(() => requireRabbitMQ());
  beforeEach(async () => {
    connection = await amqp.connect(AMQP_URL);
    channel = await connection.createConfirmChannel();
    queue = uniqueName('ex-4.2');
  });
  afterEach(async () => {
    await channel.deleteQueue(queue).catch(() => {});
    await connection.close().catch(() => {});
  });

  it('resolves once the broker has the message: its ack has arrived, and it is in the queue', async () => {
    await channel.assertQueue(queue, { durable: true });
    // The broker's basic.ack frames, as amqplib receives them. A publish that returns before its ack
    // arrived would still find the message with checkQueue below (the broker handles one channel's
    // frames in order), so the ack itself is what this test waits for.
    const acks: unknown[] = [];
    channel.on('ack', (fields) => acks.push(fields));
    await publishConfirmed(channel, queue, Buffer.from('hello'));
    expect(acks, 'publishConfirmed resolved before the broker acknowledged the message').toHaveLength(1);

    const check = await channel.checkQueue(queue);
    expect(check.messageCount).toBe(1);
    const msg = await channel.get(queue, { noAck: true });
    expect(msg === false ? false : msg.content.toString()).toBe('hello');
    expect(msg === false ? false : msg.properties.deliveryMode).toBe(2); // persistent
  });

  it(
    'rejects when the broker refuses the message (a full queue with x-overflow: ' + 'reject-publish)',
    async () => {
      await channel.assertQueue(queue, { durable: true, maxLength: 1, overflow: 'reject-publish' });
      await publishConfirmed(channel, queue, Buffer.from('first'));

      await expect(publishConfirmed(channel, queue, Buffer.from('second'))).rejects.toThrow();
      expect((await channel.checkQueue(queue)).messageCount).toBe(1);
    },
  );

  it('makes the producer report only what the broker confirmed', async () => {
    await channel.assertQueue(queue, { durable: true, maxLength: 2, overflow: 'reject-publish' });
    const log = recordingLogger({ errorPrefix: 'ERROR ' });
    const events = ['a', 'b', 'c'].map((id) => ({ eventId: `signup-${id}`, email: `${id}@example.com` }));

    const confirmed = await sendSignups(channel, queue, events, log);

    expect(confirmed).toEqual(['signup-a', 'signup-b']);
    expect(log.lines.filter((l) => l.includes('[x] Sent'))).toHaveLength(2);
    expect(log.lines.some((l) => l.startsWith('ERROR') && l.includes('signup-c NOT sent'))).toBe(true);
  });
});
