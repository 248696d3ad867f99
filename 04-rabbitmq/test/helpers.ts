// What the chapter 4 tests share: a queue name of their own, a look at the broker from the side (how
// many messages wait where), a worker started as a real process, and cleanup of everything a test made.
import amqp, { type ChannelModel, type GetMessage } from 'amqplib';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { requireRabbitMQ } from '../../common/servers.ts';
import { AMQP_URL } from '../../common/config.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import { spawnScript, type Child } from '../../common/process.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { deadLetterNames } from '../channel.ts';

/**
 * Generous limits for tests that start real processes: on a busy machine (the whole suite on 2 cores)
 * starting tsx can take seconds. They only bound a failure; a passing test never waits for them.
 */
export const SLOW = { startMs: 45_000, testMs: 120_000 };

/** A work queue name no other test uses; its dead-letter exchange and queue are named after it. */
export const testQueue = (base: string) => uniqueName(`ch4-${base}`);

/** For calls to produce() inside a test: the test's own assertions say what happened. */
export const quiet: Logger = silentLogger('test');

/** A separate connection that inspects queues the way the management UI would. */
export interface Inspector {
  count(queue: string): Promise<number>;
  /** Takes every message waiting in `queue` (acking them). */
  drain(queue: string): Promise<GetMessage[]>;
  /** Deletes the work queue, its dead-letter queue and exchange. */
  remove(queue: string): Promise<void>;
  close(): Promise<void>;
}

export async function openInspector(): Promise<Inspector> {
  const connection: ChannelModel = await amqp.connect(AMQP_URL, { noDelay: true });
  connection.on('error', () => {});
  // checkQueue on a missing queue closes the channel, so each question gets a fresh one.
  const withChannel = async <T>(use: (ch: amqp.Channel) => Promise<T>): Promise<T> => {
    const ch = await connection.createChannel();
    ch.on('error', () => {});
    try {
      return await use(ch);
    } finally {
      await ch.close().catch(() => {});
    }
  };
  return {
    count: (queue) => withChannel(async (ch) => (await ch.checkQueue(queue)).messageCount),
    drain: (queue) =>
      withChannel(async (ch) => {
        const all: GetMessage[] = [];
        for (let msg = await ch.get(queue, { noAck: true }); msg; msg = await ch.get(queue, { noAck: true })) all.push(msg);
        return all;
      }),
    remove: (queue) =>
      withChannel(async (ch) => {
        const dead = deadLetterNames(queue);
        await ch.deleteQueue(queue);
        await ch.deleteQueue(dead.queue);
        await ch.deleteExchange(dead.exchange);
      }),
    close: () => connection.close(),
  };
}

/** `tsx 04-rabbitmq/worker.ts` as a real process; fast polling and no work time unless told otherwise. */
export function spawnWorker(queue: string, name: string, extra: string[] = []): Child {
  return spawnScript(new URL('../worker.ts', import.meta.url), {
    args: ['--queue', queue, '--name', name, '--poll-interval-ms', '50', '--work-ms', '0', ...extra],
  });
}

/** Job ids from a process's `Done job N` lines, in order. */
export function doneIds(lines: string[]): number[] {
  return lines.flatMap((line) => {
    const id = /Done job (\d+)/.exec(line)?.[1];
    return id === undefined ? [] : [Number(id)];
  });
}

/**
 * The fixture of the tests that run workers on a queue of their own: RabbitMQ must answer; each test gets a fresh
 * queue (named after `base`) and an inspector; afterwards its workers are killed and its queues and
 * exchange deleted. Call it once inside a `describe`, and read `queue` and `broker` inside each test.
 */
export function useQueueFixture(base: string) {
  const fixture = {
    queue: '',
    broker: undefined as unknown as Inspector,
    children: [] as Child[],
    /** spawnWorker on this test's queue; the worker is killed after the test. */
    spawnWorker(name: string, extra: string[] = []): Child {
      const child = spawnWorker(fixture.queue, name, extra);
      fixture.children.push(child);
      return child;
    },
  };
  beforeAll(() => requireRabbitMQ());
  beforeEach(async () => {
    fixture.queue = testQueue(base);
    fixture.broker = await openInspector();
  });
  afterEach(async () => {
    await Promise.all(fixture.children.splice(0).map((c) => c.kill('SIGKILL')));
    await fixture.broker.remove(fixture.queue);
    await fixture.broker.close();
  });
  return fixture;
}
