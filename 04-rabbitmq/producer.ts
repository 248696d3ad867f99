// The producer: put jobs on the queue as persistent messages, and exit only once the broker has them.
//
//   npx tsx 04-rabbitmq/producer.ts                         -> one job: 'make me a sandwich'
//   npx tsx 04-rabbitmq/producer.ts 'make me a unicorn'     -> a job the worker will fail at
//   npx tsx 04-rabbitmq/producer.ts --count 10              -> ten sandwiches
//   npx tsx 04-rabbitmq/producer.ts --raw 'not json'        -> a body that is not a job at all
//   npx tsx 04-rabbitmq/producer.ts --quorum                -> to the quorum queue of `worker.ts --quorum`
import { once } from 'node:events';
import { createLogger, type Logger } from '../common/log.ts';
import { isMain } from '../common/process.ts';
import { createQueueChannel } from './channel.ts';
import { encodeJob } from './job.ts';
import { producerOptions, runCli } from './support/options.ts';

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
      // persistent: on a classic queue, the broker writes the message to disk, so it survives a broker
      // restart (the queue must be durable too). A quorum queue writes every message to disk anyway.
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
  const { task, count, raw, queue, quorum } = producerOptions();
  const bodies = Array.from({ length: count }, (_, i) =>
    raw ? Buffer.from(task) : encodeJob({ id: i + 1, task }),
  );
  const contentType = raw ? 'text/plain' : 'application/json';
  await produce(queue, bodies, { log: createLogger('producer'), contentType, quorum });
}

if (isMain(import.meta.url)) runCli(createLogger('producer'), main);
