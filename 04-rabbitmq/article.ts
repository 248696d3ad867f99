// The article's RabbitMQ listing (xiaOp, 2017), as close to it as today's amqplib allows: its channel
// helper, its producer and its polling worker, on amqplib's callback API. It has the flaws the chapter
// fixes: the producer closes before its message has left, so it is lost (`npm run chapter:4 -- article`).
//   npx tsx 04-rabbitmq/article.ts producer | worker
import amqp, { type Channel, type Connection } from 'amqplib/callback_api';
import { AMQP_URL as url } from '../common/config.ts';
import { isMain } from '../common/process.ts';

export function createQueueChannel(
  queue: string,
  cb: (err: Error | null, channel?: Channel, conn?: Connection) => void,
) {
  amqp.connect(url, (err, conn) => {
    if (err) return console.error('Error connecting:', err.stack); // and cb is never called
    conn.createChannel((err, channel) => {
      if (err) return cb(err);
      channel.assertQueue(queue, { durable: true }, (err) => (err ? cb(err) : cb(null, channel, conn)));
    });
  });
}

export function producer(queue: string, work = 'make me a sandwich') {
  createQueueChannel(queue, (err, channel, conn) => {
    if (err) return console.error(err.stack);
    channel!.sendToQueue(queue, Buffer.from(JSON.stringify(work)), { persistent: true });
    console.log(' [x] Sent %j', work);
    setImmediate(() => {
      channel!.close(() => {});
      conn!.close(() => {});
    });
  });
}

export function worker(queue: string) {
  createQueueChannel(queue, (err, channel) => {
    if (err) return console.error(err.stack);
    (function consume() {
      channel!.get(queue, {}, (err, msg) => {
        if (err) return console.warn(err.message);
        if (!msg) return (console.log('no message, waiting...'), setTimeout(consume, 1e3));
        console.log('consuming %j', msg.content.toString());
        setTimeout(() => (channel!.ack(msg), consume()), 1e3); // the article's stand-in for the work
      });
    })();
  });
}

if (isMain(import.meta.url)) (process.argv[2] === 'worker' ? worker : producer)(process.argv[3] ?? 'queue');
