// Why the producer waits for confirms: the article's producer, run side by side with ours.
//
//   npx tsx 04-rabbitmq/close-race.ts
//
// The article sends with `sendToQueue`, then on the next tick (setImmediate) calls `channel.close()` and
// `conn.close()` without waiting for either. `sendToQueue` only puts the message in amqplib's buffer for
// that channel; `conn.close()` writes Connection.Close to channel 0, and amqplib writes the channels'
// buffers to the socket round robin (lib/mux.js), so the close goes out right behind the first message,
// ahead of the rest. RabbitMQ ignores what follows a Connection.Close and shuts the connection down;
// in our runs none of the 10 messages reached the queue, and nothing reported an error.
import amqp from 'amqplib/callback_api';
import { AMQP_URL } from '../common/config.ts';
import { createLogger, silentLogger } from '../common/log.ts';
import { sleep } from '../common/time.ts';
import { createQueueChannel, deadLetterNames } from './channel.ts';
import { encodeJob } from './job.ts';
import { produce } from './producer.ts';

const COUNT = 10;
const log = createLogger('close-race');
const bodies = Array.from({ length: COUNT }, (_, i) => encodeJob({ id: i + 1, task: 'make me a sandwich' }));

/** The article's listing, with the callback API it used (its `encode` is our encodeJob). */
function articleProducer(queue: string): Promise<void> {
  return new Promise((resolve, reject) => {
    amqp.connect(AMQP_URL, (err, conn) => {
      if (err) return reject(err);
      conn.createChannel((err, channel) => {
        if (err) return reject(err);
        channel.assertQueue(queue, { durable: true }, (err) => {
          if (err) return reject(err);
          for (const body of bodies) channel.sendToQueue(queue, body, { persistent: true });
          setImmediate(() => {
            channel.close(() => {});
            conn.close();
          });
          conn.once('close', () => resolve());
        });
      });
    });
  });
}

async function main(): Promise<void> {
  const queues = { article: `close-race-article-${process.pid}`, ours: `close-race-confirmed-${process.pid}` };
  const { channel, connection } = await createQueueChannel(queues.ours);
  try {
    await articleProducer(queues.article);
    await produce(queues.ours, bodies, { log: silentLogger() });
    await sleep(500); // give anything still in flight every chance to land before counting
    const article = await channel.checkQueue(queues.article);
    const ours = await channel.checkQueue(queues.ours);
    log(`article's producer (setImmediate close): sent ${COUNT}, in the queue: ${article.messageCount}`);
    log(`our producer (waitForConfirms, then close): sent ${COUNT}, in the queue: ${ours.messageCount}`);
  } finally {
    await channel.deleteQueue(queues.article);
    await channel.deleteQueue(queues.ours);
    await channel.deleteQueue(deadLetterNames(queues.ours).queue);
    await channel.deleteExchange(deadLetterNames(queues.ours).exchange);
    await connection.close();
  }
}

await main();
