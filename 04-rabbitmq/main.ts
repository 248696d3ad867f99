// Chapter 4, the story against the real RabbitMQ (`npm run chapter:4 -- --help` lists the modes):
//   npm run chapter:4              two polling workers (real processes, A and B) share a batch of jobs; a job
//                                  the kitchen cannot do is retried, then dead-lettered; a body that is not
//                                  JSON is dead-lettered at once; SIGTERM, and both finish and exit 0
//   npm run chapter:4 -- article   the article's producer and worker: its messages never arrive
//   npm run chapter:4 -- reset     delete the chapter's queues and exchanges, and nothing else
//   npm run chapter:4 -- cluster   three nodes, a quorum queue, one node stopped (04-rabbitmq/cluster/)
// The dead letters stay in `chapter4-story.dead` afterwards, so you can look at them in the management UI.
import amqp from 'amqplib';
import { AMQP_URL } from '../common/config.ts';
import { errorMessage } from '../common/errors.ts';
import { createLogger } from '../common/log.ts';
import { type Child, spawnScript } from '../common/process.ts';
import { requireRabbitMQ } from '../common/servers.ts';
import { waitFor } from '../common/time.ts';
import { createQueueChannel, deadLetterNames } from './channel.ts';
import { encodeJob } from './job.ts';
import { produce } from './producer.ts';
import { ARTICLE_QUEUE, chapterCommand, resetChapter, STORY_QUEUE } from './support/chapter.ts';

const log = createLogger('main');
const MANAGEMENT_UI = 'http://localhost:15672';

/**
 * A script of this chapter as its own process, as you would start it in a terminal; its lines pass through.
 */
const start = (script: string, args: string[]): Child =>
  spawnScript(new URL(script, import.meta.url), { args, echo: (line) => console.log(line) });
const count = (children: Child[], pattern: RegExp) =>
  children.flatMap((c) => c.lines).filter((l) => pattern.test(l)).length;

async function story(queue: string): Promise<void> {
  const dead = deadLetterNames(queue);
  const { channel, connection } = await createQueueChannel(queue); // start from empty queues
  await channel.purgeQueue(queue);
  await channel.purgeQueue(dead.queue);

  log(`starting two polling workers, A and B, on queue '${queue}'`);
  const workers = ['A', 'B'].map((name) =>
    start('./worker.ts', ['--name', name, '--queue', queue, '--work-ms', '300']),
  );
  // Ctrl-C reaches the workers too (same terminal); we wait for them rather than leave them orphaned.
  process.once('SIGINT', () => void Promise.all(workers.map((w) => w.stop())).then(() => process.exit(130)));
  try {
    await waitFor('both workers to find the queue empty', () => count(workers, /no message, waiting/) === 2, {
      timeoutMs: 30_000,
    });
    log('sending 6 sandwiches, 1 unicorn (the kitchen cannot make those) and 1 body that is not JSON');
    const producer = createLogger('producer');
    const jobs = [1, 2, 3, 4, 5, 6].map((id) => encodeJob({ id, task: 'make me a sandwich' }));
    await produce(queue, [...jobs, encodeJob({ id: 7, task: 'make me a unicorn' })], { log: producer });
    await produce(queue, [Buffer.from('make me a sandwich')], { log: producer, contentType: 'text/plain' });

    const finished = () => count(workers, /Done job/) === 6 && count(workers, /dead-lettered/) === 2;
    await waitFor('6 jobs done and 2 messages dead-lettered', finished, { timeoutMs: 30_000 });
    for (const [i, worker] of workers.entries()) {
      const done = worker.lines.flatMap((l) => /Done job (\d+)/.exec(l)?.[1] ?? []);
      log(`worker ${'AB'[i]} did job(s) ${done.join(', ') || 'none'}`);
    }
    log('sending SIGTERM to both workers: each finishes its current message and closes');
    const exits = await Promise.all(workers.map((w) => w.stop()));
    log(`workers exited with code ${exits.map((e) => e.code).join(' and ')}`);
    const left = (await channel.checkQueue(queue)).messageCount;
    const parked = (await channel.checkQueue(dead.queue)).messageCount;
    log(`'${queue}' holds ${left} message(s); '${dead.queue}' holds ${parked} dead letter(s)`);
    log(
      `see them in the management UI: ${MANAGEMENT_UI} (guest/guest) > Queues > ${dead.queue} > Get messages`,
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop())); // after an error none is left behind
    await connection.close();
  }
}

/** The article's producer, run three times, then its worker: nothing arrives to be consumed. */
async function article(queue: string): Promise<void> {
  // The article declares its queue durable and nothing else, so we look at it through a plain channel.
  const connection = await amqp.connect(AMQP_URL);
  const channel = await connection.createChannel();
  await channel.deleteQueue(queue); // whatever an earlier run left behind
  await channel.assertQueue(queue, { durable: true });
  for (let run = 1; run <= 3; run++) {
    log(`run ${run}: npx tsx 04-rabbitmq/article.ts producer ${queue}`);
    await start('./article.ts', ['producer', queue]).exited;
  }
  const held = (await channel.checkQueue(queue)).messageCount;
  log(`the producer said "Sent" 3 times; '${queue}' holds ${held} message(s)`);
  log(`npx tsx 04-rabbitmq/article.ts worker ${queue}`);
  const worker = start('./article.ts', ['worker', queue]);
  await worker.waitForLine(/no message, waiting/, 30_000);
  await worker.kill('SIGTERM');
  log('why: conn.close() goes out ahead of the message (docs/04-rabbitmq-deep-dive.md, "The close race")');
  await connection.close();
}

const { mode, queue, count: clusterCount } = chapterCommand();
const modes = {
  story: () => story(queue ?? STORY_QUEUE),
  article: () => article(queue ?? ARTICLE_QUEUE),
  reset: async () => void (await resetChapter(log)),
  // Chapter 6's story runs on its own three-node cluster (npm run cluster:start), not on this broker.
  cluster: async () => (await import('./cluster/story.ts')).main(undefined, clusterCount),
};
try {
  if (mode !== 'cluster') await requireRabbitMQ();
  await modes[mode]();
} catch (err) {
  log.error(`error: ${errorMessage(err)}`);
  process.exitCode = 1;
}
