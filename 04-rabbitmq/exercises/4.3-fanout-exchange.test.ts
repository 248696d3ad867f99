// Tests for exercise 4.3, against the real RabbitMQ. They run against your problem file, or the
// solution with --solution.
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AMQP_URL } from '../../common/config.ts';
import { requireRabbitMQ } from '../../common/servers.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import * as problem from './4.3-fanout-exchange.problem.ts';
import * as solution from './4.3-fanout-exchange.solution.ts';

const { declareSignupEvents, subscribe, publishSignup } =
  process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

const event = (id: string) => ({ eventId: `signup-${id}`, email: `${id}@example.com` });

describe('a fanout exchange for sign-up events', () => {
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  let exchange: string;
  const queues = new Set<string>();

  beforeAll(() => requireRabbitMQ());
  beforeEach(async () => {
    connection = await amqp.connect(AMQP_URL);
    channel = await connection.createConfirmChannel();
    exchange = uniqueName('ex-4.3');
  });
  afterEach(async () => {
    for (const q of [...queues, `${exchange}.all`]) await channel.deleteQueue(q).catch(() => {});
    queues.clear();
    await channel.deleteExchange(exchange).catch(() => {});
    await connection.close().catch(() => {});
  });

  async function sub(service: string) {
    const q = await subscribe(channel, exchange, service);
    queues.add(q);
    return q;
  }

  /** Every event waiting in a queue, in order (basic.get until empty). */
  async function drain(queue: string): Promise<string[]> {
    const ids: string[] = [];
    for (;;) {
      const msg = await channel.get(queue, { noAck: true });
      if (!msg) return ids;
      ids.push(JSON.parse(msg.content.toString()).eventId);
    }
  }

  it('gives each service its own copy of every event', async () => {
    await declareSignupEvents(channel, exchange);
    const email = await sub('email');
    const analytics = await sub('analytics');
    expect(email, 'each service needs a queue of its own').not.toBe(analytics);

    for (const id of ['ada', 'grace', 'alan']) await publishSignup(channel, exchange, event(id));

    expect(await drain(email)).toEqual(['signup-ada', 'signup-grace', 'signup-alan']);
    expect(await drain(analytics)).toEqual(['signup-ada', 'signup-grace', 'signup-alan']);
  });

  it('copies an event only into the queues bound when it is published', async () => {
    await declareSignupEvents(channel, exchange);
    const email = await sub('email');
    await publishSignup(channel, exchange, event('ada'));

    const audit = await sub('audit'); // a service that arrives late
    await publishSignup(channel, exchange, event('grace'));

    expect(await drain(email)).toEqual(['signup-ada', 'signup-grace']);
    expect(await drain(audit)).toEqual(['signup-grace']);
  });
});
