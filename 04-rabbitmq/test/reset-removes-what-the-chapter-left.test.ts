// `npm run chapter:4 -- reset` after the walkthrough (the producer and a worker on task_queue, the same with
// --quorum on task_queue_quorum), the story's queues and the article's: every one of them, with its
// dead-letter queue and exchange, is gone, and the reset says so; queues of someone else with similar names
// are untouched. A second reset has nothing to remove.
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMQP_URL } from '../../common/config.ts';
import { runScript } from '../../common/process.ts';
import { requireRabbitMQ } from '../../common/servers.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { createQueueChannel, DEFAULT_QUEUE, DEFAULT_QUORUM_QUEUE, deadLetterNames } from '../channel.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { ARTICLE_QUEUE, CHAPTER_QUEUES, resetChapter, STORY_QUEUE } from '../support/chapter.ts';
import { managementApi, openInspector, quiet, SLOW, spawnWorker } from './helpers.ts';

const main = new URL('../main.ts', import.meta.url);
const producer = new URL('../producer.ts', import.meta.url);
const foreign = [`${DEFAULT_QUEUE}_${uniqueName('foreign')}`, `${STORY_QUEUE}-${uniqueName('foreign')}`];

describe('npm run chapter:4 -- reset', () => {
  beforeAll(() => requireRabbitMQ());
  afterAll(async () => {
    const broker = await openInspector();
    for (const queue of foreign) await broker.remove(queue);
    await broker.close();
  });

  it("removes the chapter's queues and exchanges and nothing else", { timeout: SLOW.testMs }, async () => {
    await resetChapter(() => {}); // whatever earlier runs left
    // The walkthrough: producer and worker on task_queue, then both with --quorum.
    const plain = await runScript(producer, { args: ['--count', '2'], timeoutMs: SLOW.startMs });
    expect(plain.output).toContain(`Broker confirmed 2 message(s) in '${DEFAULT_QUEUE}'`);
    const quorum = await runScript(producer, { args: ['--quorum'], timeoutMs: SLOW.startMs });
    expect(quorum.output).toContain(`Broker confirmed 1 message(s) in '${DEFAULT_QUORUM_QUEUE}'`);
    const worker = spawnWorker(DEFAULT_QUORUM_QUEUE, 'Q', ['--quorum']);
    await worker.waitForLine(/Done job 1$/, SLOW.startMs); // the quorum queue the producer declared
    expect(await worker.stop()).toEqual({ code: 0, signal: null });
    const api = managementApi();
    const { type } = await api.get<{ type: string }>(`/queues/%2F/${DEFAULT_QUORUM_QUEUE}`);
    expect(type).toBe('quorum');
    // The story's queues, the article's queue (declared as the article does), someone else's queues.
    await produce(STORY_QUEUE, [encodeJob({ id: 1, task: 'make me a unicorn' })], { log: quiet });
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
    expect(reset.lines).toContain(`[main] removed queue ${STORY_QUEUE} (1 message(s))`);
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

    const again = await runScript(main, { args: ['reset'], timeoutMs: SLOW.startMs });
    expect(again.lines).toEqual(['[main] nothing to remove']);
  });
});
