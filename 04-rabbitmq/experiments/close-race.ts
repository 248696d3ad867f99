// Why the article's producer loses its messages, shown frame by frame.
//
//   npx tsx 04-rabbitmq/experiments/close-race.ts
//
// The article publishes with `sendToQueue`, then, on the next turn of the event loop (setImmediate),
// calls `channel.close()` and `conn.close()` without waiting. This script runs that ending and three
// variations of it, records every AMQP frame amqplib writes to the socket, and counts what reached the
// queue. What it shows (amqplib 2.3, RabbitMQ 3.10):
//
//   - `sendToQueue` writes the message into its channel's buffer (a stream per channel); amqplib's
//     muxer moves those buffers to the socket later, in a callback it schedules with setImmediate
//     (lib/mux.js). The article's setImmediate was scheduled first, so it runs first.
//   - `conn.close()` writes Connection.Close straight to the socket: channel 0's "buffer" is the socket
//     itself (lib/connection.js, `this.channels = [{ ..., buffer: underlying }]`), not a muxed stream.
//   - So Connection.Close is the first frame on the wire, ahead of every message. RabbitMQ closes the
//     connection and ignores what follows it: none arrives, whether one message was sent or ten.
//   - `channel.close()` alone goes through the channel's buffer, behind the messages: they all arrive.
import amqp from 'amqplib/callback_api';
import { parseCommand } from '../../common/cli.ts';
import { AMQP_URL } from '../../common/config.ts';
import { createLogger, silentLogger } from '../../common/log.ts';
import { createQueueChannel } from '../channel.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { isMain } from '../../common/process.ts';
import { deleteWorkQueue } from '../support/cleanup.ts';

export type Ending =
  | 'article: both closes on setImmediate'
  | 'channel.close() alone'
  | 'conn.close() alone'
  | 'both closes after 200 ms';

const METHODS: Record<string, string> = {
  '60.40': 'Basic.Publish',
  '20.40': 'Channel.Close',
  '10.50': 'Connection.Close',
};

/**
 * The frames in one socket write, named: `ch1 Basic.Publish`, `ch1 header`, `ch1 body`, `ch0
 * Connection.Close`.
 */
function frameNames(bytes: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at + 7 <= bytes.length; at += 8 + bytes.readUInt32BE(at + 3)) {
    const [type, channel] = [bytes[at], bytes.readUInt16BE(at + 1)];
    const method = `${bytes.readUInt16BE(at + 7)}.${bytes.readUInt16BE(at + 9)}`;
    names.push(`ch${channel} ${type === 1 ? (METHODS[method] ?? method) : type === 2 ? 'header' : 'body'}`);
  }
  return names;
}

/**
 * The article's producer with one of four endings; resolves with the frames it wrote after the queue was
 * declared.
 */
export function articleProducer(queue: string, count: number, ending: Ending): Promise<string[]> {
  return new Promise((resolve, reject) => {
    amqp.connect(AMQP_URL, (err, conn) => {
      if (err) return reject(err);
      conn.on('error', () => {});
      conn.createChannel((err, channel) => {
        if (err) return reject(err);
        channel.assertQueue(queue, { durable: true }, (err) => {
          if (err) return reject(err);
          const wire: string[] = [];
          const socket = (
            conn as unknown as { connection: { stream: { write(b: Buffer, ...rest: unknown[]): boolean } } }
          ).connection.stream;
          const write = socket.write.bind(socket);
          socket.write = (bytes: Buffer, ...rest: unknown[]) => {
            wire.push(...frameNames(bytes));
            return write(bytes, ...rest);
          };
          conn.once('close', () => resolve(wire));
          for (let id = 1; id <= count; id++)
            channel.sendToQueue(queue, encodeJob({ id, task: 'make me a sandwich' }), { persistent: true });
          const closeChannel = () => channel.close(() => {});
          const closeConnection = () => conn.close(() => {});
          const closeBoth = () => {
            closeChannel();
            closeConnection();
          };
          if (ending === 'article: both closes on setImmediate') setImmediate(closeBoth);
          if (ending === 'conn.close() alone') setImmediate(closeConnection);
          if (ending === 'channel.close() alone') setImmediate(() => channel.close(() => closeConnection()));
          if (ending === 'both closes after 200 ms') setTimeout(closeBoth, 200);
        });
      });
    });
  });
}

/** Runs one ending on a fresh queue: how many of `count` messages arrived, and the frames in wire order. */
export async function closeRace(count: number, ending: Ending): Promise<{ arrived: number; wire: string[] }> {
  const queue = `close-race-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const wire = await articleProducer(queue, count, ending);
  const { channel, connection } = await createQueueChannel(`${queue}-check`);
  try {
    return { arrived: (await channel.checkQueue(queue)).messageCount, wire };
  } finally {
    await channel.deleteQueue(queue);
    await deleteWorkQueue(channel, `${queue}-check`);
    await connection.close();
  }
}

/** The command line (no options: only --help); exported so tests read it in-process. */
export function readArgs(argv = process.argv.slice(2)) {
  return parseCommand(
    {
      usage: 'npx tsx 04-rabbitmq/experiments/close-race.ts',
      summary: "The article's producer endings, frame by frame: which frames leave, and what arrives.",
      options: {},
      examples: ['npx tsx 04-rabbitmq/experiments/close-race.ts'],
    },
    argv,
  );
}

if (isMain(import.meta.url)) {
  readArgs();
  const log = createLogger('close-race');
  // `ch1 Basic.Publish x10`, not ten times the same name; header and body frames left out.
  const short = (wire: string[]) =>
    wire
      .filter((f) => !/header|body/.test(f))
      .reduce<Array<[string, number]>>((runs, f) => {
        const last = runs.at(-1);
        if (last?.[0] === f) last[1]++;
        else runs.push([f, 1]);
        return runs;
      }, [])
      .map(([f, n]) => (n > 1 ? `${f} x${n}` : f))
      .join(', ');
  for (const count of [1, 10]) {
    for (const ending of [
      'article: both closes on setImmediate',
      'conn.close() alone',
      'channel.close() alone',
      'both closes after 200 ms',
    ] as const) {
      const { arrived, wire } = await closeRace(count, ending);
      log(
        `${ending.padEnd(38)} sent ${String(count).padStart(2)}, arrived ${String(arrived).padStart(2)}; ` +
          `wire: ${short(wire)}`,
      );
    }
  }
  const queue = `close-race-confirmed-${process.pid}`;
  await produce(
    queue,
    Array.from({ length: 10 }, (_, i) => encodeJob({ id: i + 1, task: 'make me a sandwich' })),
    { log: silentLogger() },
  );
  const { channel, connection } = await createQueueChannel(queue);
  log(
    `${'ours: waitForConfirms, then await closes'.padEnd(38)} sent 10, arrived ` +
      `${(await channel.checkQueue(queue)).messageCount}`,
  );
  await deleteWorkQueue(channel, queue);
  await connection.close();
}
