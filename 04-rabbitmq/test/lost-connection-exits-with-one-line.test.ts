// When the broker closes a worker's connection (a restart, an operator pressing "Force Close" in the
// management UI), the worker does not hang or crash with a stack trace: it exits with code 1 and one line
// that carries the broker's reason. Here the connection is force-closed through the management HTTP API
// of the broker in AMQP_URL: the worker connects as a user of the test's own, and the test closes that
// user's connections (at once; a connection's name appears in the API only after a statistics round).
import { describe, expect, it, onTestFinished } from 'vitest';
import { managementApi, SLOW, useQueueFixture } from './helpers.ts';

describe('a worker whose connection the broker closes', () => {
  const fixture = useQueueFixture('lost');

  it('exits with code 1 and one line with the reason', { timeout: SLOW.testMs }, async () => {
    const user = await managementApi().temporaryUser('ch4-lost');
    onTestFinished(() => user.remove());
    const worker = fixture.spawnWorker('L', [], { AMQP_URL: user.url });
    await worker.waitForLine(/no message, waiting/, SLOW.startMs);

    await user.closeConnections('closed by the test');

    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.lines.at(-1)).toBe(
      '[worker] error: lost the connection to RabbitMQ: Connection closed: 320 (CONNECTION-FORCED) with ' +
        'message "CONNECTION_FORCED - closed by the test"',
    );
    expect(worker.lines.join('\n')).not.toMatch(/^\s+at /m); // no stack trace
  });
});
