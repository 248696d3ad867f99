// Tests for exercise 4.1, against the real RabbitMQ, on the chapter's own queue setup (channel.ts)
// and message handling (job.ts). They run against your problem file, or the solution with --solution.
import amqp from 'amqplib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AMQP_URL } from '../../common/config.ts';
import { requireRabbitMQ } from '../../common/servers.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { sleep, waitFor } from '../../common/time.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import { createQueueChannel, deadLetterNames, type QueueChannel } from '../channel.ts';
import { encodeJob, type Job } from '../job.ts';
import { afterTheQuickTests } from '../../common/testing/exercise.ts';
import * as problem from './4.1-consume-with-prefetch.problem.ts';
import * as solution from './4.1-consume-with-prefetch.solution.ts';

const { startConsumer } = process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

const quietLogger = (): Logger => silentLogger();

/** A work function that takes `ms` per job and records what ran, and how many ran at once. */
function trackedWork(ms: number) {
  const state = { running: 0, maxRunning: 0, started: [] as number[], done: [] as number[] };
  const work = async (job: Job) => {
    state.started.push(job.id);
    state.maxRunning = Math.max(state.maxRunning, ++state.running);
    await sleep(ms);
    state.running--;
    state.done.push(job.id);
  };
  return { state, work };
}

describe('a consumer with prefetch', () => {
  let queue = '';
  const opened: QueueChannel[] = [];

  beforeAll(() => requireRabbitMQ());
  afterEach(async () => {
    for (const { connection } of opened.splice(0)) await connection.close().catch(() => {});
    if (!queue) return;
    // A connection of its own: the test's channels may be closed by now (or broken by a failed test).
    const connection = await amqp.connect(AMQP_URL);
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteQueue(deadLetterNames(queue).queue);
    await channel.deleteExchange(deadLetterNames(queue).exchange);
    await connection.close();
    queue = '';
  });

  async function open(): Promise<QueueChannel> {
    const qc = await createQueueChannel(queue);
    opened.push(qc);
    return qc;
  }

  async function publish(count: number) {
    const { channel } = await open();
    for (let id = 1; id <= count; id++)
      channel.sendToQueue(queue, encodeJob({ id, task: 'make me a sandwich' }), { persistent: true });
    await channel.waitForConfirms();
  }

  it('runs `prefetch` jobs at the same time, never more', async () => {
    queue = uniqueName('ex-4.1-prefetch');
    await publish(6);
    const { channel } = await open();
    // Every job waits for the test's go: whatever the consumer was given, it holds it, and the broker sees
    // it as delivered and not yet acked. No race with a job's duration.
    let go!: () => void;
    const released = new Promise<void>((resolve) => (go = resolve));
    const state = { running: 0, maxRunning: 0, started: [] as number[], done: [] as number[] };
    const work = async (job: Job) => {
      state.started.push(job.id);
      state.maxRunning = Math.max(state.maxRunning, ++state.running);
      await released;
      state.running--;
      state.done.push(job.id);
    };

    const consumer = await startConsumer(channel, queue, { prefetch: 3, work, log: quietLogger() });
    try {
      // Wait until every message the broker handed out has reached the work: then nothing more is coming
      // while the jobs are held (a polling loop holds 1, prefetch 3 holds 3, no limit holds all 6).
      const inHand = await waitFor('the delivered messages to reach the work', async () => {
        const delivered = 6 - (await channel.checkQueue(queue)).messageCount;
        return delivered > 0 && state.started.length === delivered && delivered;
      });
      expect(inHand, 'messages in hand at once').toBe(3);
      expect(state.running).toBe(3);
    } finally {
      go();
    }
    await waitFor('all 6 jobs done', () => state.done.length === 6, { timeoutMs: 15_000 });
    await consumer.stop();

    expect(state.maxRunning).toBe(3);
    expect(state.done.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it(
    'with prefetch 1, a fast and a slow consumer share fairly: the fast one does most of the ' + 'work',
    async (ctx) => {
      afterTheQuickTests(ctx);
      queue = uniqueName('ex-4.1-fair');
      await publish(12);
      const slow = trackedWork(300);
      const fast = trackedWork(10);

      const consumers = [
        await startConsumer((await open()).channel, queue, {
          prefetch: 1,
          work: slow.work,
          log: quietLogger(),
        }),
        await startConsumer((await open()).channel, queue, {
          prefetch: 1,
          work: fast.work,
          log: quietLogger(),
        }),
      ];
      await waitFor('all 12 jobs done', () => slow.state.done.length + fast.state.done.length === 12, {
        timeoutMs: 15_000,
      });
      for (const c of consumers) await c.stop();

      // Without a prefetch limit the broker deals the 12 out in turn, 6 each, however slow a consumer is.
      expect(fast.state.done.length).toBeGreaterThanOrEqual(8);
    },
  );

  it('stop() lets the jobs in hand finish and leaves the others in the queue', async (ctx) => {
    afterTheQuickTests(ctx);
    queue = uniqueName('ex-4.1-stop');
    await publish(6);
    const { channel } = await open();
    const { state, work } = trackedWork(200);

    const consumer = await startConsumer(channel, queue, { prefetch: 2, work, log: quietLogger() });
    await waitFor('a job started', () => state.started.length >= 1);
    await consumer.stop();

    expect(state.done).toEqual(state.started); // nothing dropped half-way
    const { messageCount } = await channel.checkQueue(queue);
    expect(state.done.length + messageCount).toBe(6); // and nothing lost: the rest wait in the queue
    expect(messageCount).toBeGreaterThan(0);
  });
});
