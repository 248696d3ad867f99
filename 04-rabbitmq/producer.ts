// The producer: put jobs on the queue as persistent messages, and exit only once the broker has them.
//
//   npx tsx 04-rabbitmq/producer.ts                         -> one job: 'make me a sandwich'
//   npx tsx 04-rabbitmq/producer.ts 'make me a unicorn'     -> a job the worker will fail at
//   npx tsx 04-rabbitmq/producer.ts --count 10              -> ten sandwiches
//   npx tsx 04-rabbitmq/producer.ts --raw 'not json'        -> a body that is not a job at all
//   options: --queue <name> (default task_queue)
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createLogger, type Logger } from '../common/log.ts';
import { createQueueChannel, DEFAULT_QUEUE } from './channel.ts';
import { encodeJob } from './job.ts';
import { integerOption, runCli } from './support/options.ts';
import { isMain } from '../common/process.ts';

export interface ProduceOptions {
  log: Logger;
  url?: string;
  contentType?: string;
  /** Declare the queue as a quorum queue (it must match how the workers declare it). */
  quorum?: { deliveryLimit: number };
}

export async function produce(queue: string, bodies: Buffer[], options: ProduceOptions): Promise<void> {
  const { url, log, contentType = 'application/json', quorum } = options;
  const { channel, connection } = await createQueueChannel(queue, { url, name: 'producer', quorum });
  try {
    for (const body of bodies) {
      // persistent: the broker writes the message to disk, so it survives a broker restart. That needs
      // the queue to be durable too (channel.ts); a persistent message in a non-durable queue is lost.
      const accepted = channel.sendToQueue(queue, body, { persistent: true, contentType });
      log(` [x] Sent '${body.toString()}'`);
      // false means amqplib's write buffer is full: wait for it to drain instead of piling up memory.
      if (!accepted) await once(channel, 'drain');
    }
    // The article closed the connection on the next tick (setImmediate) and hoped. A confirm channel
    // lets us wait until the broker has taken responsibility for every message: for persistent messages
    // in a durable queue, that means they are on disk. It rejects if the broker refused any of them.
    await channel.waitForConfirms();
    log(` [x] Broker confirmed ${bodies.length} message(s) in '${queue}'`);
  } finally {
    await channel.close().catch(() => {});
    await connection.close().catch(() => {});
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { queue: { type: 'string' }, count: { type: 'string' }, raw: { type: 'boolean' } },
    allowPositionals: true,
  });
  const task = positionals.join(' ') || 'make me a sandwich';
  const count = integerOption('count', values.count, 1, 1);
  const queue = values.queue ?? DEFAULT_QUEUE;
  const bodies = Array.from({ length: count }, (_, i) =>
    values.raw ? Buffer.from(task) : encodeJob({ id: i + 1, task }),
  );
  await produce(queue, bodies, {
    log: createLogger('producer'),
    contentType: values.raw ? 'text/plain' : 'application/json',
  });
}

if (isMain(import.meta.url)) runCli(createLogger('producer'), main);
