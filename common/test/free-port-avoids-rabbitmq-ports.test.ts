// freePort never hands a test a port that a RabbitMQ node needs: the Erlang distribution ports of the main
// broker (25672) and of the cluster's three nodes (25673-25675) lie inside its range, and a private Redis
// started on one of them would keep that node from booting while the cluster test runs beside it.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { NODES } from '../../04-rabbitmq/cluster/nodes.ts';
import { PORT_RANGE, RESERVED_PORTS, candidatePorts, freePort } from '../testing/ports.ts';

describe('freePort', () => {
  it("never picks a RabbitMQ node's distribution, AMQP or HTTP port", () => {
    const clusterPorts = NODES.flatMap((n) => [n.amqpPort, n.httpPort, n.distPort]);
    expect(clusterPorts).toEqual(expect.arrayContaining([25_673, 25_674, 25_675]));
    const candidates = new Set(candidatePorts());
    for (const port of [25_672, ...clusterPorts]) {
      expect(RESERVED_PORTS.has(port), `port ${port}`).toBe(true);
      expect(candidates.has(port), `port ${port}`).toBe(false);
    }
    // Everything else in the range stays available.
    expect(candidates.size).toBe(PORT_RANGE.to - PORT_RANGE.from - 4);
  });

  it('returns a port in the range that nothing listens on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(PORT_RANGE.from);
    expect(port).toBeLessThan(PORT_RANGE.to);
    expect(RESERVED_PORTS.has(port)).toBe(false);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
