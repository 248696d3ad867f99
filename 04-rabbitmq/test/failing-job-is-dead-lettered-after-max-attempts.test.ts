// choosing: retries a failed job; keeps jobs that fail for good
// A job whose work always fails is tried `maxAttempts` times, then the broker moves it to the dead-letter
// queue, where it waits for a human; the jobs around it are done as usual.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { deadLetterNames } from '../channel.ts';
import { ATTEMPT_HEADER, encodeJob, kitchen, type Job } from '../job.ts';
import { produce } from '../producer.ts';
import { runWorker } from '../worker.ts';
import { quiet, useQueueFixture } from './helpers.ts';

describe('a job that always fails', () => {
  const fixture = useQueueFixture('dead');
  const stop = new AbortController();
  // Registered after the fixture, so it runs first: the worker stops before its queue is deleted.
  afterEach(() => stop.abort());

  it('ends in the dead-letter queue after 3 attempts; the others are done once', async () => {
    const { queue, broker } = fixture;
    const dead = deadLetterNames(queue).queue;
    const unicorn = encodeJob({ id: 2, task: 'make me a unicorn' });
    await produce(
      queue,
      [
        encodeJob({ id: 1, task: 'make me a sandwich' }),
        unicorn,
        encodeJob({ id: 3, task: 'make me a sandwich' }),
      ],
      { log: quiet },
    );

    const attempts: number[] = [];
    const makeIt = kitchen(0);
    const work = (job: Job) => {
      attempts.push(job.id);
      return makeIt(job);
    };
    const worker = runWorker({
      log: quiet,
      queue,
      name: 'T',
      pollIntervalMs: 20,
      maxAttempts: 3,
      work,
      signal: stop.signal,
    });

    await waitFor('the unicorn in the dead-letter queue', async () => (await broker.count(dead)) === 1);
    stop.abort();
    await worker;

    expect(attempts.filter((id) => id === 2)).toHaveLength(3);
    expect(attempts.filter((id) => id !== 2).sort()).toEqual([1, 3]);
    expect(await broker.count(queue)).toBe(0);

    const [letter] = await broker.drain(dead);
    expect(letter!.content.equals(unicorn)).toBe(true);
    expect(letter!.properties.deliveryMode).toBe(2); // still persistent
    const headers = letter!.properties.headers!;
    expect(headers[ATTEMPT_HEADER]).toBe(3);
    // The broker's own record of why and where from, what the management UI shows under "Get messages".
    expect(headers['x-first-death-reason']).toBe('rejected');
    expect(headers['x-first-death-queue']).toBe(queue);
  });
});
