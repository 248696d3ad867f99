// choosing: keeps jobs that fail for good
// Bad input is not retried: a body that is not JSON, or JSON that is not a job, goes to the dead-letter
// queue on its first delivery (no endless redelivery loop), the work never sees it, and good jobs behind
// it are done.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { deadLetterNames } from '../channel.ts';
import { ATTEMPT_HEADER, encodeJob, type Job } from '../job.ts';
import { produce } from '../producer.ts';
import { runWorker } from '../worker.ts';
import { quiet, useQueueFixture } from './helpers.ts';

describe('a message that is not a job', () => {
  const fixture = useQueueFixture('invalid');
  const stop = new AbortController();
  // Registered after the fixture, so it runs first: the worker stops before its queue is deleted.
  afterEach(() => stop.abort());

  it('is dead-lettered at once, and the work never sees it', async () => {
    const { queue, broker } = fixture;
    const dead = deadLetterNames(queue).queue;
    const bad = [Buffer.from('make me a sandwich'), Buffer.from('{"id":"one","task":7}')];
    await produce(queue, [...bad, encodeJob({ id: 3, task: 'make me a sandwich' })], { log: quiet });

    const seen: number[] = [];
    const work = async (job: Job) => void seen.push(job.id);
    const worker = runWorker({ log: quiet, queue, name: 'T', pollIntervalMs: 20, work, signal: stop.signal });
    await waitFor(
      'both bad messages dead-lettered and the good job done',
      async () => (await broker.count(dead)) === 2 && seen.length === 1,
    );
    stop.abort();
    await worker;

    expect(seen).toEqual([3]);
    expect(await broker.count(queue)).toBe(0);
    const letters = await broker.drain(dead);
    expect(letters.map((m) => m.content.toString())).toEqual(bad.map(String));
    for (const letter of letters) {
      expect(letter.properties.headers?.[ATTEMPT_HEADER]).toBeUndefined(); // never republished for a retry
      expect(letter.properties.headers?.['x-death']).toEqual([
        expect.objectContaining({ count: 1, reason: 'rejected', queue }),
      ]);
    }
  });
});
