// The consumer as a reader starts it (`npx tsx 04-rabbitmq/consumer.ts`), a real process: SIGTERM while it
// holds a job lets it finish that job, ack it and exit 0; a connection the broker closes (the management
// UI's "Force Close") makes it exit 1 with one line, and the job it held goes back to the queue.
import { describe, expect, it } from 'vitest';
import { spawnScript } from '../../common/process.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { managementApi, quiet, SLOW, useQueueFixture } from './helpers.ts';

describe('the consumer process', () => {
  const fixture = useQueueFixture('consumer-process');
  const startConsumer = (name: string, workMs: number) => {
    const args = ['--queue', fixture.queue, '--name', name, '--work-ms', String(workMs)];
    const child = spawnScript(new URL('../consumer.ts', import.meta.url), { args });
    fixture.children.push(child);
    return child;
  };
  const sandwich = encodeJob({ id: 1, task: 'make me a sandwich' });

  it('finishes and acks the job in hand on SIGTERM, then exits 0', { timeout: SLOW.testMs }, async () => {
    const consumer = startConsumer('T', 3000);
    await consumer.waitForLine(/Waiting for messages/, SLOW.startMs);
    await produce(fixture.queue, [sandwich], { log: quiet });
    await consumer.waitForLine(/Received job 1 /, SLOW.startMs);

    expect(await consumer.stop()).toEqual({ code: 0, signal: null });
    const order = ['SIGTERM: stopping', 'Done job 1', 'stopped'].map((text) =>
      consumer.lines.findIndex((l) => l.includes(text)),
    );
    expect(
      order.every((at) => at >= 0) && order[0]! < order[1]! && order[1]! < order[2]!,
      consumer.lines.join('\n'),
    ).toBe(true);
    expect(await fixture.broker.count(fixture.queue)).toBe(0); // acked: nothing comes back
  });

  it('exits 1 with one line when the broker closes its connection; the job goes back', {
    timeout: SLOW.testMs,
  }, async () => {
    const name = fixture.queue.slice(-9);
    const consumer = startConsumer(name, 5000);
    await consumer.waitForLine(/Waiting for messages/, SLOW.startMs);
    const api = managementApi();
    await api.connection(`consumer ${name}`); // listed: the force-close below lands while the job runs
    await produce(fixture.queue, [sandwich], { log: quiet });
    await consumer.waitForLine(/Received job 1 /, SLOW.startMs);

    await api.forceClose(`consumer ${name}`, 'closed by the test');

    expect(await consumer.exited).toEqual({ code: 1, signal: null });
    expect(consumer.lines.filter((l) => l.includes('error'))).toEqual([
      '[consumer] error: lost the connection to RabbitMQ: Connection closed: 320 (CONNECTION-FORCED) with ' +
        'message "CONNECTION_FORCED - closed by the test"',
    ]);
    expect(consumer.lines.join('\n')).not.toMatch(/^\s+at /m); // no stack trace
    expect(await fixture.broker.count(fixture.queue)).toBe(1); // never acked: the broker has it again
  });
});
