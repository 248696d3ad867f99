// A real broker restart (scripts/services.sh restart-rabbitmq: `rabbitmqctl stop_app` + `start_app`,
// the node itself stays up) in the middle of a batch:
//   - a worker and a consumer started with --reconnect ride it out: amqplib reconnects with backoff and
//     jitter, `setup` declares the queue again, and every job of the batch is done, none lost (a job in
//     hand at the restart may run twice: at-least-once);
//   - a worker without the flag exits 1 with one line, as before (for a supervisor to restart it), and
//     every job it did not finish waits in the queue.
// "In the middle" is certain, not a matter of timing: once each process has done a few jobs, all three
// are paused (SIGSTOP), the test sees from the broker that each still has jobs waiting, and only then
// restarts it. The processes resume (SIGCONT) as soon as the broker is down, so the reconnecting ones
// knock while it is still starting and have to back off.
// It runs in the "serial" project, alone, because the restart drops every test's connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnScript, type Child } from '../../common/process.ts';
import { canConnect, requireRabbitMQ } from '../../common/servers.ts';
import { waitFor } from '../../common/time.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import {
  bringTheBrokerBack,
  brokerAddress,
  doneIds,
  openInspector,
  quiet,
  restartBroker,
  testQueue,
} from './helpers.ts';

const ids = Array.from({ length: 30 }, (_, i) => i + 1);
const sorted = (some: Iterable<number>) => [...new Set(some)].sort((a, b) => a - b);

describe('a broker restart in the middle of a batch', () => {
  const queues = {
    worker: testQueue('restart-worker'),
    consumer: testQueue('restart-consumer'),
    plain: testQueue('restart-plain'),
  };
  const children: Child[] = [];
  const start = (script: string, queue: string, extra: string[]) => {
    const child = spawnScript(new URL(script, import.meta.url), {
      args: ['--queue', queue, '--name', 'R', '--work-ms', '50', ...extra],
    });
    children.push(child);
    return child;
  };

  beforeAll(() => requireRabbitMQ());
  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    await bringTheBrokerBack(); // should the restart have failed half-way
    const broker = await openInspector();
    for (const queue of Object.values(queues)) await broker.remove(queue);
    await broker.close();
  }, 120_000);

  it('--reconnect: every job done, nothing lost; without it: exit 1 with one line', {
    timeout: 150_000,
  }, async () => {
    for (const queue of Object.values(queues))
      await produce(
        queue,
        ids.map((id) => encodeJob({ id, task: 'make me a sandwich' })),
        { log: quiet },
      );
    const worker = start('../worker.ts', queues.worker, ['--reconnect', '--poll-interval-ms', '50']);
    const consumer = start('../consumer.ts', queues.consumer, ['--reconnect']);
    const plain = start('../worker.ts', queues.plain, ['--poll-interval-ms', '50']);
    const all = { worker, consumer, plain };
    await waitFor(
      'a few jobs done by each',
      () => Object.values(all).every((c) => doneIds(c.lines).length >= 3),
      { timeoutMs: 60_000 },
    );

    // Freeze all three, then look: each must still have jobs waiting in its queue, or the restart would
    // prove nothing about finishing a batch.
    for (const child of children) child.process.kill('SIGSTOP');
    const broker = await openInspector();
    const waiting = {
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
      async () => settled || !(await canConnect(brokerAddress.host, brokerAddress.port, 500)),
      { timeoutMs: 80_000, intervalMs: 50 },
    );
    for (const child of children) child.process.kill('SIGCONT');
    await restarting;

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

    expect(await plain.exited).toEqual({ code: 1, signal: null });
    expect(plain.lines.at(-1)).toMatch(
      /^\[worker\] error: lost the connection to RabbitMQ: .*(CONNECTION_FORCED|shutdown)/,
    );
    // The plain worker's unfinished jobs wait for the next worker: every job is either done or waiting,
    // at least those that waited at the restart still wait, and only the one it held may be both.
    const after = await openInspector();
    try {
      const left = (await after.drain(queues.plain)).map((m) => Number(JSON.parse(m.content.toString()).id));
      const done = doneIds(plain.lines);
      expect(sorted([...done, ...left])).toEqual(ids);
      expect(left.length).toBeGreaterThanOrEqual(waiting.plain);
      expect(left.filter((id) => done.includes(id)).length).toBeLessThanOrEqual(1);
      expect(await after.count(queues.worker)).toBe(0);
      expect(await after.count(queues.consumer)).toBe(0);
    } finally {
      await after.close();
    }
  });
});
