// choosing: survives a worker crash; never runs a job twice; retries a failed job; keeps jobs that fail for good
// The quorum-queue variant (`--quorum`: x-queue-type quorum, x-delivery-limit = max attempts - 1), measured
// on our RabbitMQ 3.10: the broker counts every delivery that comes back, whether a worker rejected it with
// requeue or died holding it, shows the count in `x-delivery-count`, and past the limit dead-letters the
// message to <queue>.dead with reason `delivery_limit`. Our own `attempt` header on a classic queue counts
// only the failures a worker lives to report: a job that kills its worker comes back as attempt 1, forever.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { createQueueChannel, deadLetterNames } from '../channel.ts';
import { encodeJob, kitchen } from '../job.ts';
import { produce } from '../producer.ts';
import { runWorker } from '../worker.ts';
import { recordingLogger } from '../../common/log.ts';
import { quiet, SLOW, useQueueFixture } from './helpers.ts';

const QUORUM = { deliveryLimit: 2 }; // three deliveries: what --quorum sets for --max-attempts 3
const deathOf = (headers: Record<string, unknown> | undefined) =>
  (headers?.['x-death'] as Array<{ reason: string; count: number }>)?.[0];

describe('a quorum queue with x-delivery-limit 2', () => {
  const fixture = useQueueFixture('quorum');

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

  it('counts a nack with requeue as well, on 3.10 (from 4.3 on, only a reject counts)', async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a sandwich' })], { log: quiet, quorum: QUORUM });
    const { channel, connection } = await createQueueChannel(queue, { quorum: QUORUM });
    const counts: unknown[] = [];
    for (
      let msg = await channel.get(queue, { noAck: false });
      msg;
      msg = await channel.get(queue, { noAck: false })
    ) {
      counts.push(msg.properties.headers?.['x-delivery-count']);
      channel.nack(msg, false, true);
    }
    await connection.close();
    expect(counts).toEqual([0, 1, 2]);
    const [letter] = await broker.drain(deadLetterNames(queue).queue);
    expect(deathOf(letter!.properties.headers)).toMatchObject({ reason: 'delivery_limit' });
  });

  it('counts a worker killed with the job in hand: a job that kills every worker ends as a dead letter', {
    timeout: SLOW.testMs,
  }, async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a sandwich' })], { log: quiet, quorum: QUORUM });
    const seen: string[] = [];
    for (const name of ['K1', 'K2', 'K3']) {
      // The "poison": work that never ends, then kill -9, as a job that crashes its process would.
      const worker = fixture.spawnWorker(name, ['--quorum', '--work-ms', '600000']);
      seen.push(await worker.waitForLine(/Received job 1 /, SLOW.startMs));
      await worker.kill('SIGKILL');
    }
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

describe('a classic queue with our attempt header', () => {
  const fixture = useQueueFixture('classic-kill');

  it('does not count a worker killed with the job in hand: it comes back as attempt 1 every time', {
    timeout: SLOW.testMs,
  }, async () => {
    const { queue, broker } = fixture;
    await produce(queue, [encodeJob({ id: 1, task: 'make me a sandwich' })], { log: quiet });
    const seen: string[] = [];
    for (const name of ['K1', 'K2', 'K3', 'K4']) {
      const worker = fixture.spawnWorker(name, ['--work-ms', '600000']);
      seen.push(await worker.waitForLine(/Received job 1 /, SLOW.startMs));
      await worker.kill('SIGKILL');
    }
    expect(seen.map((l) => /attempt (\d\/3)/.exec(l)?.[1])).toEqual(['1/3', '1/3', '1/3', '1/3']);
    await waitFor('the job back in the queue', async () => (await broker.count(queue)) === 1, {
      timeoutMs: SLOW.startMs,
    });
    expect(await broker.count(deadLetterNames(queue).queue)).toBe(0);
  });
});
