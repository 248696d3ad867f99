// choosing: survives a server restart (simulated)
// One real broker restart (`rabbitmqctl stop_app` + `start_app`: every queue process ends and every
// connection drops; on start the broker recovers durable queues and persistent messages from disk), and
// what it does to three kinds of work waiting on it:
//   - messages in a durable queue with no worker running: the persistent ones are still there afterwards,
//     a non-persistent one in the same queue is not ("durable" keeps the queue, "persistent" keeps the
//     message, and you need both);
//   - a worker and a consumer started with --reconnect, in the middle of a batch: amqplib reconnects with
//     backoff and jitter, `setup` declares the queue again, and every job of the batch is done, none lost
//     (a job in hand at the restart may run twice: at-least-once);
//   - a worker without the flag, in the middle of its batch: it exits 1 with one line, as before (for a
//     supervisor to restart it), and every job it did not finish waits in the queue.
// "In the middle" is certain, not a matter of timing: once each process has done a few jobs, all three
// are paused (SIGSTOP), the test sees from the broker that each still has jobs waiting, and only then
// restarts it. The processes resume (SIGCONT) as soon as the broker is down, so the reconnecting ones
// knock while it is still starting and have to back off.
// The broker is a RabbitMQ node of the test's own (scripts/restart-node.sh, port 5679), which it starts
// when none runs and stops afterwards: the restart drops no other test's connections, so the file runs
// beside the others. One restart serves all three cases; a node's boot and restart cost seconds of CPU.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelModel } from 'amqplib';
import { spawnScript, type Child } from '../../common/process.ts';
import { canConnect } from '../../common/servers.ts';
import { waitFor } from '../../common/time.ts';
import { createQueueChannel } from '../channel.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import {
  bringTheBrokerBack,
  doneIds,
  openInspector,
  quiet,
  restartBroker,
  restartNode,
  startRestartNode,
  stopRestartNode,
  testQueue,
} from './helpers.ts';

const url = restartNode.url;
const ids = Array.from({ length: 30 }, (_, i) => i + 1);
const sorted = (some: Iterable<number>) => [...new Set(some)].sort((a, b) => a - b);
const sandwiches = (some: number[]) => some.map((id) => encodeJob({ id, task: 'make me a sandwich' }));

describe('a broker restart', () => {
  const queues = {
    durable: testQueue('restart-durable'),
    worker: testQueue('restart-worker'),
    consumer: testQueue('restart-consumer'),
    plain: testQueue('restart-plain'),
  };
  const persistent = sandwiches([1, 2, 3]);
  const children: Child[] = [];
  const start = (script: string, queue: string, extra: string[]) => {
    const child = spawnScript(new URL(script, import.meta.url), {
      args: ['--queue', queue, '--name', 'R', '--work-ms', '50', ...extra],
      env: { AMQP_URL: url },
    });
    children.push(child);
    return child;
  };
  let worker: Child;
  let consumer: Child;
  let plain: Child;
  /** How many jobs waited in each process's queue when the broker went down. */
  let waiting: { worker: number; consumer: number; plain: number };
  /** How the restart closed the durable queue's publisher connection. */
  let publisherClosed: Promise<Error | undefined>;
  let publisher: ChannelModel | undefined;

  // A node that was already running is used and left running; one this file started is stopped again,
  // with its data removed, whatever state the test left it in.
  let startedHere = false;
  let started = false;

  beforeAll(async () => {
    startedHere = await startRestartNode();
    started = true;

    // Three persistent jobs and, on a connection that stays open, one message sent without `persistent`;
    // all four confirmed: the broker has them, the last one in memory only.
    await produce(queues.durable, persistent, { url, log: quiet });
    const { channel, connection, closed } = await createQueueChannel(queues.durable, { url });
    publisher = connection;
    publisherClosed = closed;
    channel.sendToQueue(queues.durable, Buffer.from('{"id":4,"task":"forget me"}'), { persistent: false });
    await channel.waitForConfirms();
    expect((await channel.checkQueue(queues.durable)).messageCount).toBe(4);

    for (const queue of [queues.worker, queues.consumer, queues.plain])
      await produce(queue, sandwiches(ids), { url, log: quiet });
    worker = start('../worker.ts', queues.worker, ['--reconnect', '--poll-interval-ms', '50']);
    consumer = start('../consumer.ts', queues.consumer, ['--reconnect']);
    plain = start('../worker.ts', queues.plain, ['--poll-interval-ms', '50']);
    await waitFor(
      'a few jobs done by each',
      () => [worker, consumer, plain].every((c) => doneIds(c.lines).length >= 3),
      { timeoutMs: 60_000 },
    );

    // Freeze all three, then look: each must still have jobs waiting in its queue, or the restart would
    // prove nothing about finishing a batch.
    for (const child of children) child.process.kill('SIGSTOP');
    const broker = await openInspector(url);
    waiting = {
      worker: await broker.count(queues.worker),
      consumer: await broker.count(queues.consumer),
      plain: await broker.count(queues.plain),
    };
    await broker.close();
    for (const [name, count] of Object.entries(waiting))
      expect(count, `jobs still waiting for the ${name} when the broker goes down`).toBeGreaterThan(0);

    let settled = false;
    const restarting = restartBroker().finally(() => (settled = true));
    await waitFor(
      'the broker to go down',
      async () => settled || !(await canConnect(restartNode.host, restartNode.port, 500)),
      { timeoutMs: 80_000, intervalMs: 50 },
    );
    for (const child of children) child.process.kill('SIGCONT');
    await restarting;
  }, 240_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    await publisher?.close().catch(() => {});
    if (!started) return; // beforeAll's error says why
    if (startedHere) return void (await stopRestartNode()); // its queues go with its data
    await bringTheBrokerBack(); // should the restart have failed half-way
    const broker = await openInspector(url);
    for (const queue of Object.values(queues)) await broker.remove(queue);
    await broker.close();
  }, 120_000);

  it('keeps persistent messages in a durable queue and loses the non-persistent one', async () => {
    // The restart really happened: the broker closed the publisher's connection on its way down.
    expect(String(await publisherClosed)).toMatch(/CONNECTION_FORCED|shutdown/);
    const broker = await openInspector(url);
    try {
      const survivors = await broker.drain(queues.durable);
      expect(survivors.map((m) => m.content.toString())).toEqual(persistent.map(String));
      expect(survivors.every((m) => m.properties.deliveryMode === 2)).toBe(true);
    } finally {
      await broker.close();
    }
  });

  it('--reconnect: the worker and the consumer do every job of the batch, nothing lost', {
    timeout: 150_000,
  }, async () => {
    for (const child of [worker, consumer]) {
      await child.waitForLine(/connection lost .*; reconnecting/, 60_000);
      await child.waitForLine(/reconnected; queue declared again/, 60_000);
    }
    await waitFor(
      'every job done by the reconnecting worker and consumer',
      () => [worker, consumer].every((c) => new Set(doneIds(c.lines)).size === ids.length),
      { timeoutMs: 60_000 },
    );
    for (const [name, child] of [
      ['worker', worker],
      ['consumer', consumer],
    ] as const) {
      expect(sorted(doneIds(child.lines))).toEqual(ids);
      // The jobs that waited through the restart were done after it, on the new connection.
      const reconnectedAt = child.lines.findIndex((l) => /reconnected; queue declared again/.test(l));
      const doneAfter = doneIds(child.lines.slice(reconnectedAt));
      expect(doneAfter.length, `jobs the ${name} did after reconnecting`).toBeGreaterThanOrEqual(
        waiting[name],
      );
      expect(await child.stop()).toEqual({ code: 0, signal: null });
    }
    const after = await openInspector(url);
    try {
      expect(await after.count(queues.worker)).toBe(0);
      expect(await after.count(queues.consumer)).toBe(0);
    } finally {
      await after.close();
    }
  });

  it('without --reconnect: the worker exits 1 with one line, and its unfinished jobs wait', {
    timeout: 60_000,
  }, async () => {
    expect(await plain.exited).toEqual({ code: 1, signal: null });
    expect(plain.lines.at(-1)).toMatch(
      /^\[worker\] error: lost the connection to RabbitMQ: .*(CONNECTION_FORCED|shutdown)/,
    );
    // The plain worker's unfinished jobs wait for the next worker: every job is either done or waiting,
    // at least those that waited at the restart still wait, and only the one it held may be both.
    const after = await openInspector(url);
    try {
      const left = (await after.drain(queues.plain)).map((m) => Number(JSON.parse(m.content.toString()).id));
      const done = doneIds(plain.lines);
      expect(sorted([...done, ...left])).toEqual(ids);
      expect(left.length).toBeGreaterThanOrEqual(waiting.plain);
      expect(left.filter((id) => done.includes(id)).length).toBeLessThanOrEqual(1);
    } finally {
      await after.close();
    }
  });
});
