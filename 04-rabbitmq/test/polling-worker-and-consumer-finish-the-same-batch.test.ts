// The article's polling worker (channel.get) and the tutorials' consumer (channel.consume + prefetch)
// do the same job: each finishes the same batch, every job once. How fast each is belongs to the
// benchmark (04-rabbitmq/bench.ts), not to a test.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireRabbitMQ } from '../../common/servers.ts';
import { waitFor } from '../../common/time.ts';
import { runConsumer } from '../consumer.ts';
import { encodeJob, type Job } from '../job.ts';
import { produce } from '../producer.ts';
import { runWorker } from '../worker.ts';
import { openInspector, quiet, testQueue, type Inspector } from './helpers.ts';

const ids = Array.from({ length: 30 }, (_, i) => i + 1);
const batch = () => ids.map((id) => encodeJob({ id, task: 'make me a sandwich' }));

describe('polling worker and consumer', () => {
  const queues = { polling: testQueue('polling'), consuming: testQueue('consuming') };
  let broker: Inspector | undefined;
  const stop = new AbortController();

  beforeAll(() => requireRabbitMQ());

  afterEach(async () => {
    stop.abort();
    // No inspector: the test failed before it connected, and that error is the one to read.
    if (!broker) return;
    await broker.remove(queues.polling);
    await broker.remove(queues.consuming);
    await broker.close();
  });

  it('both finish the same batch, every job once', async () => {
    const inspector = await openInspector();
    broker = inspector;
    await produce(queues.polling, batch(), { log: quiet });
    await produce(queues.consuming, batch(), { log: quiet });

    const done = { polling: [] as number[], consuming: [] as number[] };
    const record = (into: number[]) => async (job: Job) => void into.push(job.id);
    const running = [
      runWorker({
        log: quiet,
        queue: queues.polling,
        name: 'P',
        pollIntervalMs: 20,
        work: record(done.polling),
        signal: stop.signal,
      }),
      runConsumer({
        log: quiet,
        queue: queues.consuming,
        name: 'C',
        prefetch: 10,
        work: record(done.consuming),
        signal: stop.signal,
      }),
    ];
    await waitFor(
      'both to finish the batch',
      () => done.polling.length >= ids.length && done.consuming.length >= ids.length,
    );
    stop.abort();
    await Promise.all(running);

    expect(done.polling.sort((a, b) => a - b)).toEqual(ids);
    expect(done.consuming.sort((a, b) => a - b)).toEqual(ids);
    expect(await inspector.count(queues.polling)).toBe(0);
    expect(await inspector.count(queues.consuming)).toBe(0);
  });
});
