// `npm run chapter:4`'s command line (common/cli.ts: `--help`, exit 2 on wrong usage) and its `reset`
// mode: what the chapter's walkthrough and story leave on the broker, removed by name and nothing else.
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { parseCommand, usageError } from '../../common/cli.ts';
import { AMQP_URL } from '../../common/config.ts';
import { errorMessage } from '../../common/errors.ts';
import { DEFAULT_QUEUE, DEFAULT_QUORUM_QUEUE, deadLetterNames } from '../channel.ts';
import { storyCount } from '../cluster/story.ts';

/** The story's and the article's own queues: never the `task_queue` a reader fills by hand. */
export const STORY_QUEUE = 'chapter4-story';
export const ARTICLE_QUEUE = 'chapter4-article';

const command = {
  usage: 'npm run chapter:4 -- [mode] [options]',
  summary: 'Chapter 4 (RabbitMQ with amqplib): the story, the article, and starting fresh.',
  modes: {
    story: 'two polling workers share a batch; a failing job and a bad body end as dead letters',
    article: "the article's producer, three times, then its worker: nothing arrives",
    reset: "deletes the chapter's queues and exchanges (task_queue, the story's, ...), nothing else",
    cluster: "chapter 6's story on a three-node cluster (npm run cluster:start first; cluster --help)",
  },
  options: {
    queue: {
      type: 'string',
      help: `story or article: the queue (default: ${STORY_QUEUE}, ${ARTICLE_QUEUE})`,
    },
  },
  examples: ['npm run chapter:4', 'npm run chapter:4 -- article', 'npm run chapter:4 -- reset'],
} as const;

export function chapterCommand(argv = process.argv.slice(2)) {
  // `cluster` is chapter 6's story: the words after it are the story's own, so `cluster --help` lists them.
  if (argv[0] === 'cluster') return { mode: 'cluster' as const, count: storyCount(argv.slice(1)) };
  const { mode, values } = parseCommand(command, argv);
  if (values.queue !== undefined && (mode === 'reset' || mode === 'cluster'))
    usageError(command, `--queue is for the story and the article, not for ${mode}`);
  return { mode: mode as keyof typeof command.modes, queue: values.queue, count: undefined };
}

/** Every work queue the chapter declares: the walkthrough's two, the story's, the article's. */
export const CHAPTER_QUEUES = [DEFAULT_QUEUE, DEFAULT_QUORUM_QUEUE, STORY_QUEUE, ARTICLE_QUEUE];

/** Deletes each queue of CHAPTER_QUEUES with its dead-letter queue and exchange; says what it removed. */
export async function resetChapter(log: (line: string) => void, url = AMQP_URL): Promise<string[]> {
  const connection = await amqp.connect(url);
  connection.on('error', () => {});
  const removed: string[] = [];
  try {
    for (const queue of CHAPTER_QUEUES) {
      const dead = deadLetterNames(queue);
      for (const name of [queue, dead.queue]) {
        if (!(await exists(connection, (ch) => ch.checkQueue(name)))) continue;
        const { messageCount } = await use(connection, (ch) => ch.deleteQueue(name));
        removed.push(`queue ${name} (${messageCount} message(s))`);
      }
      if (await exists(connection, (ch) => ch.checkExchange(dead.exchange))) {
        await use(connection, (ch) => ch.deleteExchange(dead.exchange));
        removed.push(`exchange ${dead.exchange}`);
      }
    }
  } finally {
    await connection.close();
  }
  for (const what of removed) log(`removed ${what}`);
  if (removed.length === 0) log('nothing to remove');
  return removed;
}

// A check of a missing queue or exchange closes its channel (404), so each question gets a fresh one.
async function use<T>(connection: ChannelModel, ask: (ch: Channel) => Promise<T>): Promise<T> {
  const channel = await connection.createChannel();
  channel.on('error', () => {});
  try {
    return await ask(channel);
  } finally {
    await channel.close().catch(() => {});
  }
}

async function exists(connection: ChannelModel, check: (ch: Channel) => Promise<unknown>): Promise<boolean> {
  try {
    await use(connection, check);
    return true;
  } catch (err) {
    if (errorMessage(err).includes('NOT_FOUND')) return false;
    throw err;
  }
}
