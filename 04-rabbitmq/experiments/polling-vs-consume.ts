// Measures what the doc says about polling and consuming, on your machine:
//   1. a get + ack loop with the default socket (Nagle's algorithm on) against the same loop with noDelay;
//   2. consume with prefetch 1 and 10;
//   3. how long an idle worker takes to notice a new message: polling every 1 s, or subscribed;
//   4. what an idle worker costs in CPU (this process only) over 5 s: polling every 1 s or every 10 ms,
//      or subscribed.
//
//   npx tsx 04-rabbitmq/experiments/polling-vs-consume.ts
//
// Bare amqplib with no work and no logging, so only the broker round trips are measured. The project-wide
// numbers for the chapter's own worker and consumer are in `npm run bench` (docs/benchmarks.md).
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { parseCommand } from '../../common/cli.ts';
import { AMQP_URL } from '../../common/config.ts';
import { createLogger } from '../../common/log.ts';
import { isMain } from '../../common/process.ts';
import { sleep } from '../../common/time.ts';

/** The command line (no options: only --help); exported so tests read it in-process. */
export function readArgs(argv = process.argv.slice(2)) {
  return parseCommand(
    {
      usage: 'npx tsx 04-rabbitmq/experiments/polling-vs-consume.ts',
      summary:
        'Polling (get + ack) against consume with prefetch: throughput, pick-up delay, idle CPU (~40 s).',
      options: {},
      examples: ['npx tsx 04-rabbitmq/experiments/polling-vs-consume.ts'],
    },
    argv,
  );
}

async function open(noDelay: boolean): Promise<{ connection: ChannelModel; channel: Channel }> {
  const connection = await amqp.connect(AMQP_URL, { noDelay });
  const channel = await connection.createChannel();
  return { connection, channel };
}

/** A fresh durable queue holding `count` persistent messages, confirmed. */
async function fill(queue: string, count: number): Promise<void> {
  const connection = await amqp.connect(AMQP_URL, { noDelay: true });
  const channel = await connection.createConfirmChannel();
  await channel.assertQueue(queue, { durable: true });
  for (let i = 0; i < count; i++)
    channel.sendToQueue(queue, Buffer.from(`{"id":${i}}`), { persistent: true });
  await channel.waitForConfirms();
  await connection.close();
}

async function getAckLoop(noDelay: boolean, count: number): Promise<number> {
  const queue = `measure-get-${noDelay}-${process.pid}`;
  await fill(queue, count);
  const { connection, channel } = await open(noDelay);
  const started = performance.now();
  for (let done = 0; done < count; ) {
    const msg = await channel.get(queue, { noAck: false });
    if (!msg) continue;
    channel.ack(msg);
    done++;
  }
  const seconds = (performance.now() - started) / 1000;
  await channel.deleteQueue(queue);
  await connection.close();
  return count / seconds;
}

async function consumeLoop(prefetch: number, count: number): Promise<number> {
  const queue = `measure-consume-${prefetch}-${process.pid}`;
  await fill(queue, count);
  const { connection, channel } = await open(true);
  await channel.prefetch(prefetch);
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let done = 0;
    void channel.consume(queue, (msg) => {
      if (!msg) return;
      channel.ack(msg);
      if (++done === count) resolve();
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await channel.deleteQueue(queue);
  await connection.close();
  return count / seconds;
}

/** Publishes one message at a random moment into an idle queue and times how long until it is received. */
async function idlePickup(mode: 'poll 1 s' | 'consume', samples: number): Promise<number[]> {
  const queue = `measure-idle-${mode === 'consume' ? 'consume' : 'poll'}-${process.pid}`;
  const { connection, channel } = await open(true);
  await channel.assertQueue(queue, { durable: true });
  const publisher = await connection.createConfirmChannel();
  const latencies: number[] = [];
  let sentAt = 0;
  let received: () => void = () => {};
  const onMessage = () => {
    latencies.push(performance.now() - sentAt);
    received();
  };
  let stop = false;
  let poller: Promise<void> = Promise.resolve();
  if (mode === 'consume') {
    await channel.consume(queue, (msg) => {
      if (!msg) return;
      channel.ack(msg);
      onMessage();
    });
  } else {
    poller = (async () => {
      while (!stop) {
        const msg = await channel.get(queue, { noAck: false });
        if (msg) {
          channel.ack(msg);
          onMessage();
        } else await sleep(1000);
      }
    })();
  }
  for (let i = 0; i < samples; i++) {
    await sleep(200 + Math.random() * 1000);
    const got = new Promise<void>((resolve) => (received = resolve));
    sentAt = performance.now();
    publisher.sendToQueue(queue, Buffer.from('{}'), { persistent: true });
    await got;
  }
  stop = true;
  await poller;
  await channel.deleteQueue(queue);
  await connection.close();
  return latencies;
}

/** CPU time this process spends over `seconds` with an empty queue. */
async function idleCpu(mode: 'poll' | 'consume', intervalMs: number, seconds: number): Promise<number> {
  const queue = `measure-cpu-${mode}-${intervalMs}-${process.pid}`;
  const { connection, channel } = await open(true);
  await channel.assertQueue(queue, { durable: true });
  let stop = false;
  let poller: Promise<void> = Promise.resolve();
  await sleep(500); // let the connection's start-up work finish before counting
  const before = process.cpuUsage();
  if (mode === 'consume') await channel.consume(queue, () => {});
  else
    poller = (async () => {
      while (!stop) if (!(await channel.get(queue, { noAck: false }))) await sleep(intervalMs);
    })();
  await sleep(seconds * 1000);
  stop = true;
  await poller;
  const used = process.cpuUsage(before);
  await channel.deleteQueue(queue);
  await connection.close();
  return (used.user + used.system) / 1000;
}

// Run only when started as a program: a test imports this file for readArgs alone.
if (isMain(import.meta.url)) {
  readArgs();
  const log = createLogger('measure');
  const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} msgs/s`;
  const ms = (values: number[]) => `${values.map((v) => Math.round(v)).join(', ')} ms`;

  log(`get + ack, default socket (Nagle on): ${rate(await getAckLoop(false, 60))}`);
  log(`get + ack, noDelay: true:             ${rate(await getAckLoop(true, 2000))}`);
  log(`consume, prefetch 1, noDelay:         ${rate(await consumeLoop(1, 2000))}`);
  log(`consume, prefetch 10, noDelay:        ${rate(await consumeLoop(10, 5000))}`);
  log(`idle worker notices a new message after: polling every 1 s: ${ms(await idlePickup('poll 1 s', 5))}`);
  log(`idle worker notices a new message after: consume:          ${ms(await idlePickup('consume', 5))}`);
  log(`idle for 5 s, CPU used: polling every 1 s: ${Math.round(await idleCpu('poll', 1000, 5))} ms`);
  log(`idle for 5 s, CPU used: polling every 10 ms: ${Math.round(await idleCpu('poll', 10, 5))} ms`);
  log(`idle for 5 s, CPU used: consume: ${Math.round(await idleCpu('consume', 0, 5))} ms`);
}
