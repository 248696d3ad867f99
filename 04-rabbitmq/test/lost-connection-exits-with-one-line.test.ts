// When the broker closes a worker's connection (a restart, an operator pressing "Force Close" in the
// management UI), the worker does not hang or crash with a stack trace: it exits with code 1 and one line
// that carries the broker's reason. Here the connection is force-closed through the management HTTP API
// of the broker in AMQP_URL, found by the name the worker gives it ("worker <name>", under Connections).
import { describe, expect, it } from 'vitest';
import { managementApi, SLOW, useQueueFixture } from './helpers.ts';

describe('a worker whose connection the broker closes', () => {
  const fixture = useQueueFixture('lost');

  it('exits with code 1 and one line with the reason', { timeout: SLOW.testMs }, async () => {
    const name = fixture.queue.slice(-9); // unique per test run
    const worker = fixture.spawnWorker(name);
    await worker.waitForLine(/no message, waiting/, SLOW.startMs);

    await managementApi().forceClose(`worker ${name}`, 'closed by the test');

    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.lines.at(-1)).toBe(
      '[worker] error: lost the connection to RabbitMQ: Connection closed: 320 (CONNECTION-FORCED) with ' +
        'message "CONNECTION_FORCED - closed by the test"',
    );
    expect(worker.lines.join('\n')).not.toMatch(/^\s+at /m); // no stack trace
  });
});
