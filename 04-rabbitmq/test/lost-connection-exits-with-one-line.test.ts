// When the broker closes a worker's connection (a restart, an operator pressing "Force Close" in the
// management UI), the worker does not hang or crash with a stack trace: it exits with code 1 and one line
// that carries the broker's reason. Here the connection is force-closed through the management HTTP API,
// found by the name the worker gives it ("worker <name>", shown under Connections in the UI).
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../common/time.ts';
import { SLOW, useQueueFixture } from './helpers.ts';

const API = 'http://localhost:15672/api';
const auth = { Authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` };

describe('a worker whose connection the broker closes', () => {
  const fixture = useQueueFixture('lost');

  it('exits with code 1 and one line with the reason', { timeout: SLOW.testMs }, async () => {
    const { queue, broker } = fixture;
    const name = queue.slice(-9); // unique per test run
    const worker = fixture.spawnWorker(name);
    await worker.waitForLine(/no message, waiting/, SLOW.startMs);

    // The management API lists a new connection after its next statistics round (up to 5 s).
    const connection = await waitFor(
      `the connection "worker ${name}" in ${API}/connections`,
      async () => {
        const res = await fetch(`${API}/connections`, { headers: auth });
        const all = (await res.json()) as Array<{ name: string; client_properties: { connection_name?: string } }>;
        return all.find((c) => c.client_properties.connection_name === `worker ${name}`);
      },
      { timeoutMs: SLOW.startMs, intervalMs: 250 },
    );
    const res = await fetch(`${API}/connections/${encodeURIComponent(connection.name)}`, {
      method: 'DELETE',
      headers: { ...auth, 'X-Reason': 'closed by the test' },
    });
    expect(res.status).toBe(204);

    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.lines.at(-1)).toBe(
      '[worker] error: lost the connection to RabbitMQ: Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - closed by the test"',
    );
    expect(worker.lines.join('\n')).not.toMatch(/^\s+at /m); // no stack trace
  });
});
