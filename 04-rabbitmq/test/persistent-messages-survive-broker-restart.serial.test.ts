// choosing: survives a server restart (simulated)
// Durability, the reason to use a broker: with no worker running, persistent messages in a durable queue
// are still there after RabbitMQ restarts. A non-persistent message in the same durable queue is not:
// "durable" keeps the queue, "persistent" keeps the message, and you need both.
//
// The restart (scripts/services.sh restart-rabbitmq: rabbitmqctl stop_app + start_app) stops every queue
// process and drops every connection; on start the broker recovers queues and messages from disk
// (its log says "Recovering 1 queues of type rabbit_classic_queue"). It costs ~10 s, so it is done once,
// here, in the "serial" project that runs alone after every other test (vitest.config.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRabbitMQ } from '../../common/servers.ts';
import { createQueueChannel } from '../channel.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { bringTheBrokerBack, openInspector, quiet, restartBroker, testQueue } from './helpers.ts';

describe('a broker restart', () => {
  const queue = testQueue('durable');

  beforeAll(() => requireRabbitMQ());

  afterAll(async () => {
    await bringTheBrokerBack(); // should the restart have failed half-way
    const broker = await openInspector();
    await broker.remove(queue);
    await broker.close();
  }, 120_000);

  it('keeps persistent messages in a durable queue and loses the non-persistent one', {
    timeout: 90_000,
  }, async () => {
    const jobs = [1, 2, 3].map((id) => encodeJob({ id, task: 'make me a sandwich' }));
    await produce(queue, jobs, { log: quiet });

    // The same queue, one message sent without `persistent`, also confirmed: the broker has it, in memory.
    const { channel, connection, closed } = await createQueueChannel(queue);
    channel.sendToQueue(queue, Buffer.from('{"id":4,"task":"forget me"}'), { persistent: false });
    await channel.waitForConfirms();
    expect((await channel.checkQueue(queue)).messageCount).toBe(4);

    await restartBroker();
    // The restart really happened: the broker closed our connection on its way down.
    expect(String(await closed)).toMatch(/CONNECTION_FORCED|shutdown/);
    await connection.close().catch(() => {});

    const broker = await openInspector();
    try {
      const survivors = await broker.drain(queue);
      expect(survivors.map((m) => m.content.toString())).toEqual(jobs.map(String));
      expect(survivors.every((m) => m.properties.deliveryMode === 2)).toBe(true);
    } finally {
      await broker.close();
    }
  });
});
