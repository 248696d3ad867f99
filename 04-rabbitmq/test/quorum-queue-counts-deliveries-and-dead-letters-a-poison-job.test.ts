// choosing: survives a worker crash; never runs a job twice
// choosing: retries a failed job; keeps jobs that fail for good
// The quorum-queue variant (`--quorum`: x-queue-type quorum, x-delivery-limit = max attempts - 1): the
// broker counts the deliveries that come back, shows the count in `x-delivery-count`, and past the limit
// dead-letters the message to <queue>.dead with reason `delivery_limit`, even a job that killed every
// worker that took it. Our own `attempt` header on a classic queue counts only the failures a worker
// lives to report: a job that kills its worker comes back as attempt 1, forever.
//
// What counts depends on the broker's version, which the test reads from the connection and asserts:
//   - 3.10 (Debian 12, where this suite usually runs), measured here: a reject and a nack with requeue
//     both count, and so does a worker that dies holding the message. No x-delivery-limit, no limit.
//   - 4.0 to 4.2 (RabbitMQ's docs, "Quorum Queues > Poison Message Handling"): the same counting, and a
//     quorum queue declared without x-delivery-limit gets a limit of 20.
//   - 4.3 and later (the same page, "When is delivery count incremented?"): only a reject and a lost
//     connection count. A nack with requeue is an "explicit return": redelivered without counting, so it
//     never reaches the limit (x-acquired-count counts every delivery instead). 4.3's delayed retry is off
//     unless the queue sets x-delayed-retry-type, so a requeued message comes back at once here too.
// The chapter's worker rejects (job.ts), so --quorum behaves the same on every version.
import amqp from 'amqplib';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { AMQP_URL } from '../../common/config.ts';
import type { Child } from '../../common/process.ts';
import { waitFor } from '../../common/time.ts';
import { createQueueChannel, deadLetterNames } from '../channel.ts';
import { encodeJob, kitchen } from '../job.ts';
import { produce } from '../producer.ts';
import { runWorker } from '../worker.ts';
import { recordingLogger } from '../../common/log.ts';
import { type BrokerVersion, brokerVersion, quiet, SLOW, useQueueFixture } from './helpers.ts';

const QUORUM = { deliveryLimit: 2 }; // three deliveries: what --quorum sets for --max-attempts 3
const deathOf = (headers: Record<string, unknown> | undefined) =>
  (headers?.['x-death'] as Array<{ reason: string; count: number }>)?.[0];
/** A header the broker sets, as a number; absent (a first delivery on 4.x) is 0. */
const counter = (headers: Record<string, unknown> | undefined, name: string) => Number(headers?.[name] ?? 0);

/**
 * Starts `workers` (all polling the queue, each holding what it gets "forever") and kills with SIGKILL
 * whichever one holds job 1, until each is dead: every delivery of job 1 goes to a worker that dies with
 * it. The workers start side by side; each takes the job only once the one before it is dead. Returns the
 * "Received job 1" line of each, in order.
 */
async function killEachWorkerThatTakesIt(workers: Child[]): Promise<string[]> {
  const received = (w: Child) => w.lines.find((l) => /Received job 1 /.test(l));
  const seen: string[] = [];
  let alive = [...workers];
  while (alive.length > 0) {
    const holder = await waitFor('a worker to receive job 1', () => alive.find(received), {
      timeoutMs: SLOW.startMs,
    });
    seen.push(received(holder)!);
    await holder.kill('SIGKILL');
    alive = alive.filter((w) => w !== holder);
  }
  return seen;
}

describe('a quorum queue with x-delivery-limit 2', () => {
  const fixture = useQueueFixture('quorum');
  let version: BrokerVersion;
  beforeAll(async () => {
    version = await brokerVersion();
  });

  it('counts each reject with requeue, then dead-letters the job (reason delivery_limit)', async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a unicorn' })], { log: quiet, quorum: QUORUM });
    const stop = new AbortController();
    const log = recordingLogger();
    const worker = runWorker({
      log,
      queue,
      name: 'Q',
      quorum: true,
      maxAttempts: 3,
      pollIntervalMs: 20,
      work: kitchen(0),
      signal: stop.signal,
    });
    onTestFinished(async () => {
      stop.abort(); // pass or fail, the worker stops before the next test
      await worker.catch(() => {});
    });

    await waitFor(
      'the job in the dead-letter queue',
      async () => (await broker.count(deadLetterNames(queue).queue)) === 1,
    );
    stop.abort();
    await worker;
    // Received 3 times, the attempt read from the broker's x-delivery-count (0, 1, 2) + 1.
    const received = log.lines.filter((l) => l.includes('Received job 1'));
    expect(received.map((l) => /attempt (\d\/3)/.exec(l)?.[1])).toEqual(['1/3', '2/3', '3/3']);
    const [letter] = await broker.drain(deadLetterNames(queue).queue);
    expect(deathOf(letter!.properties.headers)).toMatchObject({ reason: 'delivery_limit', count: 1 });
  });

  it('counts a nack with requeue up to 4.2; from 4.3 on a nack is redelivered without counting', async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a sandwich' })], { log: quiet, quorum: QUORUM });
    const { channel, connection } = await createQueueChannel(queue, { quorum: QUORUM });
    // One nack more than the limit allows deliveries: enough to see the message dead-lettered, or not.
    const deliveries: Array<{ count: number; acquired: number }> = [];
    for (let i = 0; i < QUORUM.deliveryLimit + 2; i++) {
      const msg = await channel.get(queue, { noAck: false });
      if (!msg) break;
      const { headers } = msg.properties;
      deliveries.push({
        count: counter(headers, 'x-delivery-count'),
        acquired: counter(headers, 'x-acquired-count'),
      });
      channel.nack(msg, false, true);
    }
    await connection.close();
    const counts = deliveries.map((d) => d.count);
    if (!version.atLeast(4, 3)) {
      // 3.10 measured, 4.0-4.2 as documented: each nack counts; the third delivery is the last.
      expect(counts, `RabbitMQ ${version.text}`).toEqual([0, 1, 2]);
      const [letter] = await broker.drain(deadLetterNames(queue).queue);
      expect(deathOf(letter!.properties.headers)).toMatchObject({ reason: 'delivery_limit' });
      await waitFor('the queue empty', async () => (await broker.count(queue)) === 0);
    } else {
      // 4.3+: four deliveries, none counted, and the job is still in the queue, not dead-lettered.
      expect(counts, `RabbitMQ ${version.text}`).toEqual([0, 0, 0, 0]);
      const acquired = deliveries.slice(1).map((d) => d.acquired);
      expect(acquired, 'x-acquired-count rises with every delivery').toEqual(
        [...acquired].sort((a, b) => a - b).filter((n, i, all) => i === 0 || n > all[i - 1]!),
      );
      await waitFor('the job back in the queue', async () => (await broker.count(queue)) === 1);
      expect(await broker.count(deadLetterNames(queue).queue)).toBe(0);
    }
  });

  it('counts a worker killed with the job in hand: a job that kills every worker ends as a dead letter', {
    timeout: SLOW.testMs,
  }, async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a sandwich' })], { log: quiet, quorum: QUORUM });
    // The "poison": work that never ends, then kill -9, as a job that crashes its process would.
    const workers = ['K1', 'K2', 'K3'].map((name) =>
      fixture.spawnWorker(name, ['--quorum', '--work-ms', '600000']),
    );
    const seen = await killEachWorkerThatTakesIt(workers);
    expect(seen.map((l) => /attempt (\d\/3)/.exec(l)?.[1])).toEqual(['1/3', '2/3', '3/3']);
    await waitFor(
      'the job in the dead-letter queue',
      async () => (await broker.count(deadLetterNames(queue).queue)) === 1,
      { timeoutMs: SLOW.startMs },
    );
    expect(await broker.count(queue)).toBe(0);
    const [letter] = await broker.drain(deadLetterNames(queue).queue);
    expect(deathOf(letter!.properties.headers)).toMatchObject({ reason: 'delivery_limit' });
  });
});

describe('a quorum queue declared without x-delivery-limit', () => {
  const fixture = useQueueFixture('quorum-default');
  let version: BrokerVersion;
  beforeAll(async () => {
    version = await brokerVersion();
  });

  it(
    'has no limit on 3.x; from 4.0 on the default limit of 20 dead-letters the 21st rejected ' + 'delivery',
    async () => {
      const { queue, broker } = fixture;
      const dead = deadLetterNames(queue);
      // As channel.ts declares it, without the limit.
      const connection = await amqp.connect(AMQP_URL);
      const channel = await connection.createConfirmChannel();
      await channel.assertExchange(dead.exchange, 'fanout', { durable: true });
      await channel.assertQueue(dead.queue, { durable: true });
      await channel.bindQueue(dead.queue, dead.exchange, '');
      await channel.assertQueue(queue, {
        durable: true,
        deadLetterExchange: dead.exchange,
        arguments: { 'x-queue-type': 'quorum' },
      });
      channel.sendToQueue(queue, encodeJob({ id: 1, task: 'make me a unicorn' }), { persistent: true });
      await channel.waitForConfirms();
      const counts: number[] = [];
      for (let i = 0; i < 25; i++) {
        const msg = await channel.get(queue, { noAck: false });
        if (!msg) break;
        counts.push(counter(msg.properties.headers, 'x-delivery-count'));
        channel.reject(msg, true);
      }
      await connection.close();
      const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);
      if (!version.atLeast(4, 0)) {
        // 3.x: 25 deliveries counted, and the job is still there.
        expect(counts, `RabbitMQ ${version.text}`).toEqual(upTo(25));
        // The quorum queue reports its count a moment after the last reject is applied: wait for it.
        await waitFor('the job back in the queue', async () => (await broker.count(queue)) === 1);
        expect(await broker.count(dead.queue)).toBe(0);
      } else {
        // 4.0+: delivered 21 times (x-delivery-count 0 to 20), then dead-lettered.
        expect(counts, `RabbitMQ ${version.text}`).toEqual(upTo(21));
        const [letter] = await broker.drain(dead.queue);
        expect(deathOf(letter!.properties.headers)).toMatchObject({ reason: 'delivery_limit' });
      }
    },
  );
});

describe('a classic queue with our attempt header', () => {
  const fixture = useQueueFixture('classic-kill');

  it('does not count a worker killed with the job in hand: it comes back as attempt 1 every time', {
    timeout: SLOW.testMs,
  }, async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a sandwich' })], { log: quiet });
    const workers = ['K1', 'K2', 'K3', 'K4'].map((name) =>
      fixture.spawnWorker(name, ['--work-ms', '600000']),
    );
    const seen = await killEachWorkerThatTakesIt(workers);
    expect(seen.map((l) => /attempt (\d\/3)/.exec(l)?.[1])).toEqual(['1/3', '1/3', '1/3', '1/3']);
    await waitFor('the job back in the queue', async () => (await broker.count(queue)) === 1, {
      timeoutMs: SLOW.startMs,
    });
    expect(await broker.count(deadLetterNames(queue).queue)).toBe(0);
  });
});
