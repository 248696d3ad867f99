// Fair dispatch: with prefetch 1 the broker gives a consumer its next message only after it acked the
// last one. A consumer stuck on a long job holds exactly one message; the other consumer does all the
// rest. (Without a prefetch limit the broker deals the messages out in turn, and half of them would
// wait behind the stuck job.)
import { describe, expect, it, onTestFinished } from 'vitest';
import { recordingLogger } from '../../common/log.ts';
import { waitFor } from '../../common/time.ts';
import { runConsumer } from '../consumer.ts';
import { encodeJob, type Job } from '../job.ts';
import { produce } from '../producer.ts';
import { heldWork, quiet, useQueueFixture } from './helpers.ts';

describe('two consumers with prefetch 1, one of them stuck', () => {
  const fixture = useQueueFixture('fair');

  it('the free one does every message but the one in the stuck hands', async () => {
    const { queue } = fixture;
    const stuck = heldWork();
    const quick: number[] = [];
    const stop = new AbortController();
    const logs = [recordingLogger(), recordingLogger()];
    const consumers = [
      runConsumer({
        log: logs[0]!,
        queue,
        name: 'stuck',
        prefetch: 1,
        work: stuck.work,
        signal: stop.signal,
      }),
      runConsumer({
        log: logs[1]!,
        queue,
        name: 'quick',
        prefetch: 1,
        work: async (job: Job) => void quick.push(job.id),
        signal: stop.signal,
      }),
    ];
    // Pass or fail, both consumers stop and close their connections before the next test.
    onTestFinished(async () => {
      stop.abort();
      stuck.release();
      await Promise.allSettled(consumers);
    });
    await waitFor('both consumers subscribed', () =>
      logs.every((l) => l.lines.some((line) => line.includes('Waiting for messages'))),
    );

    await produce(
      queue,
      Array.from({ length: 10 }, (_, i) => encodeJob({ id: i + 1, task: 'make me a sandwich' })),
      { log: quiet },
    );
    await waitFor('nine jobs done by the free consumer', () => quick.length === 9);
    expect(stuck.started).toHaveLength(1);
    expect([...quick, ...stuck.started].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    stop.abort();
    stuck.release();
    await Promise.all(consumers); // both stop cleanly
  });
});
