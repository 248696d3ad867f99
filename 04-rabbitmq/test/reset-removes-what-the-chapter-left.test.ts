// `npm run chapter:4` as a reader runs it: two worker processes share six jobs (each done once), the job
// the kitchen cannot do and the body that is not JSON end in the dead-letter queue, and both workers exit
// 0 after SIGTERM. `npm run chapter:4 -- article` runs the article's producer and worker: nothing arrives.
// Then `npm run chapter:4 -- reset` removes what the chapter left: the story's queues (its dead letters
// with them), the walkthrough's (the producer and a worker on task_queue, the same with --quorum on
// task_queue_quorum) and the article's; every one with its dead-letter queue and exchange is gone, and the
// reset says so; queues of someone else with similar names are untouched. A second reset has nothing to
// remove. The story runs once, for both: what it leaves is what reset must remove.
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMQP_URL } from '../../common/config.ts';
import { recordingLogger } from '../../common/log.ts';
import { runScript } from '../../common/process.ts';
import { requireRabbitMQ } from '../../common/servers.ts';
import { waitFor } from '../../common/time.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { createQueueChannel, DEFAULT_QUEUE, DEFAULT_QUORUM_QUEUE, deadLetterNames } from '../channel.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { ARTICLE_QUEUE, CHAPTER_QUEUES, resetChapter, STORY_QUEUE } from '../support/chapter.ts';
import { producerOptions, workerOptions } from '../support/options.ts';
import { runWorker } from '../worker.ts';
import { managementApi, openInspector, quiet, SLOW, testQueue } from './helpers.ts';

const main = new URL('../main.ts', import.meta.url);
const foreign = [`${DEFAULT_QUEUE}_${uniqueName('foreign')}`, `${STORY_QUEUE}-${uniqueName('foreign')}`];

/** The walkthrough's steps with the programs' own command lines and calls, in this process. */
async function walkthrough() {
  // npx tsx 04-rabbitmq/producer.ts --count 2, then --quorum
  for (const [argv, confirmed] of [
    [['--count', '2'], `Broker confirmed 2 message(s) in '${DEFAULT_QUEUE}'`],
    [['--quorum'], `Broker confirmed 1 message(s) in '${DEFAULT_QUORUM_QUEUE}'`],
  ] as const) {
    const { task, count, queue, quorum } = producerOptions([...argv]);
    const log = recordingLogger();
    const bodies = Array.from({ length: count }, (_, i) => encodeJob({ id: i + 1, task }));
    await produce(queue, bodies, { log, quorum });
    expect(log.lines.join('\n')).toContain(confirmed);
  }
  // npx tsx 04-rabbitmq/worker.ts --quorum: it takes the quorum queue the producer declared.
  const options = workerOptions(['--quorum', '--name', 'Q', '--poll-interval-ms', '50', '--work-ms', '0']);
  const log = recordingLogger();
  const stop = new AbortController();
  const running = runWorker({ ...options, log, signal: stop.signal });
  const stopped = running.then(() =>
    Promise.reject(new Error(`the worker stopped:\n${log.lines.join('\n')}`)),
  );
  await Promise.race([
    waitFor('the quorum worker to do job 1', () => log.lines.some((l) => /Done job 1$/.test(l)), {
      timeoutMs: SLOW.startMs,
    }),
    stopped,
  ]).finally(() => stop.abort());
  await running;
}

describe('npm run chapter:4, -- article, then -- reset', () => {
  const article = testQueue('article');
  beforeAll(async () => {
    await requireRabbitMQ();
    await resetChapter(() => {}); // whatever earlier runs left on the chapter's queues
  });
  afterAll(async () => {
    const broker = await openInspector();
    for (const queue of [article, ...foreign]) await broker.remove(queue);
    await broker.close();
  });

  // The article runs on a queue of its own (--queue), beside the story and the reset.
  it.concurrent('-- article: the article producer says "Sent" three times and the queue stays empty', {
    timeout: SLOW.testMs,
  }, async () => {
    const run = await runScript(main, {
      args: ['article', '--queue', article],
      timeoutMs: SLOW.testMs - 10_000,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.lines.filter((l) => l.includes('[x] Sent'))).toHaveLength(3);
    expect(run.output).toContain(`the producer said "Sent" 3 times; '${article}' holds 0 message(s)`);
  });

  const storyThenReset =
    "tells the story: a batch shared, two dead letters, clean exits; reset then removes the chapter's " +
    'queues and exchanges and nothing else';
  it.concurrent(storyThenReset, { timeout: SLOW.testMs }, async () => {
    const run = await runScript(main, { timeoutMs: SLOW.testMs - 20_000 });
    expect(run.code, run.output).toBe(0);
    const did = (name: string) =>
      (
        new RegExp(`\\[main\\] worker ${name} did job\\(s\\) (.*)$`).exec(
          run.lines.find((l) => l.includes(`worker ${name} did`)) ?? '',
        )?.[1] ?? ''
      )
        .split(', ')
        .filter((id) => /^\d+$/.test(id))
        .map(Number);
    expect([...did('A'), ...did('B')].sort(), run.output).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.output).toContain('[main] workers exited with code 0 and 0');
    expect(run.output).toContain(
      `[main] '${STORY_QUEUE}' holds 0 message(s); '${STORY_QUEUE}.dead' holds 2 dead letter(s)`,
    );

    // --- reset. The story left its queues, two dead letters in one. Add the walkthrough's queues,
    // the article's queue (declared as the article does) and someone else's queues.
    await walkthrough();
    const api = managementApi();
    const { type } = await api.get<{ type: string }>(`/queues/%2F/${DEFAULT_QUORUM_QUEUE}`);
    expect(type).toBe('quorum');
    const connection = await amqp.connect(AMQP_URL);
    const channel = await connection.createChannel();
    await channel.assertQueue(ARTICLE_QUEUE, { durable: true });
    await connection.close();
    for (const queue of foreign)
      await produce(queue, [encodeJob({ id: 1, task: 'keep me' })], { log: quiet });

    const reset = await runScript(main, { args: ['reset'], timeoutMs: SLOW.startMs });
    expect(reset.code, reset.output).toBe(0);
    expect(reset.lines).toContain(`[main] removed queue ${DEFAULT_QUEUE} (2 message(s))`);
    expect(reset.lines).toContain(`[main] removed exchange ${DEFAULT_QUORUM_QUEUE}.dlx`);
    expect(reset.lines).toContain(`[main] removed queue ${STORY_QUEUE} (0 message(s))`);
    expect(reset.lines).toContain(`[main] removed queue ${STORY_QUEUE}.dead (2 message(s))`);
    expect(reset.lines).toContain(`[main] removed queue ${ARTICLE_QUEUE} (0 message(s))`);

    const queues = await api.get<Array<{ name: string }>>('/queues/%2F?columns=name');
    const exchanges = await api.get<Array<{ name: string }>>('/exchanges/%2F?columns=name');
    const names = new Set([...queues, ...exchanges].map((q) => q.name));
    for (const queue of CHAPTER_QUEUES) {
      for (const name of [queue, deadLetterNames(queue).queue, deadLetterNames(queue).exchange])
        expect(names.has(name), name).toBe(false);
    }
    for (const queue of foreign) {
      expect(names.has(queue) && names.has(deadLetterNames(queue).exchange), queue).toBe(true);
      const { channel, connection } = await createQueueChannel(queue);
      expect((await channel.checkQueue(queue)).messageCount).toBe(1);
      await connection.close();
    }

    // The second reset in this process: the same function the mode calls.
    const again: string[] = [];
    expect(await resetChapter((line) => again.push(line))).toEqual([]);
    expect(again).toEqual(['nothing to remove']);
  });
});
