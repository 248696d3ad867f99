// A real broker restart (scripts/services.sh restart-rabbitmq: `rabbitmqctl stop_app` + `start_app`,
// the node itself stays up) in the middle of a batch:
//   - a worker and a consumer started with --reconnect ride it out: amqplib reconnects with backoff and
//     jitter, `setup` declares the queue again, and every job of the batch is done, none lost (a job in
//     hand at the restart may run twice: at-least-once);
//   - a worker without the flag exits 1 with one line, as before (for a supervisor to restart it).
// It runs in the "serial" project, alone, because the restart drops every test's connections.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnScript, type Child } from '../../common/process.ts';
import { requireRabbitMQ } from '../../common/servers.ts';
import { waitFor } from '../../common/time.ts';
import { encodeJob } from '../job.ts';
import { produce } from '../producer.ts';
import { doneIds, openInspector, quiet, testQueue } from './helpers.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const ids = Array.from({ length: 30 }, (_, i) => i + 1);

describe('a broker restart in the middle of a batch', () => {
  const queues = {
    worker: testQueue('restart-worker'),
    consumer: testQueue('restart-consumer'),
    plain: testQueue('restart-plain'),
  };
  const children: Child[] = [];
  const start = (script: string, queue: string, extra: string[]) => {
    const child = spawnScript(new URL(script, import.meta.url), {
      args: ['--queue', queue, '--name', 'R', '--work-ms', '100', ...extra],
    });
    children.push(child);
    return child;
  };

  beforeAll(() => requireRabbitMQ());
  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    const broker = await openInspector();
    for (const queue of Object.values(queues)) await broker.remove(queue);
    await broker.close();
  });

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
    await waitFor(
      'a few jobs done by each',
      () => [worker, consumer, plain].every((c) => doneIds(c.lines).length >= 3),
      { timeoutMs: 60_000 },
    );

    await run('bash', ['scripts/services.sh', 'restart-rabbitmq'], { cwd: root, timeout: 80_000 });

    for (const child of [worker, consumer]) {
      await child.waitForLine(/connection lost .*; reconnecting/, 60_000);
      await child.waitForLine(/reconnected; queue declared again/, 60_000);
    }
    await waitFor(
      'every job done by the reconnecting worker and consumer',
      () => [worker, consumer].every((c) => new Set(doneIds(c.lines)).size === ids.length),
      {
        timeoutMs: 60_000,
      },
    );
    for (const child of [worker, consumer]) {
      expect([...new Set(doneIds(child.lines))].sort((a, b) => a - b)).toEqual(ids);
      expect(await child.stop()).toEqual({ code: 0, signal: null });
    }

    expect(await plain.exited).toEqual({ code: 1, signal: null });
    expect(plain.lines.at(-1)).toMatch(
      /^\[worker\] error: lost the connection to RabbitMQ: .*(CONNECTION_FORCED|shutdown)/,
    );

    const broker = await openInspector();
    try {
      expect(await broker.count(queues.worker)).toBe(0);
      expect(await broker.count(queues.consumer)).toBe(0);
      // The plain worker's unfinished jobs wait for the next worker: nothing lost there either.
      expect((await broker.count(queues.plain)) + new Set(doneIds(plain.lines)).size).toBeGreaterThanOrEqual(
        ids.length,
      );
    } finally {
      await broker.close();
    }
  });
});
