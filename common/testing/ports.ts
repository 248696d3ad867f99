// A TCP port for a test's own server (chapter 3's private redis-server) or for a connection that must be
// refused (chapter 4's bad AMQP_URL), picked below Linux's ephemeral range (32768+). Ports from `listen(0)`
// and from outgoing connections come from that range, so no other test can be handed the port between our
// check and its use, nor while a private server is stopped and started again.
//
// Some ports in that range belong to RabbitMQ, and are free only while its nodes are down: the Erlang
// distribution port of the main broker (25672 = 20000 + 5672) and of the three cluster nodes
// (scripts/cluster.sh: 25673-25675, listening only while the cluster test runs beside the other files).
// A private Redis started there would keep a cluster node from booting. They are never picked, nor are
// the cluster's AMQP and HTTP ports (5673-5675, 15673-15675), should the range ever move.
import net from 'node:net';

export const PORT_RANGE = { from: 20_000, to: 32_000 } as const;

/** Ports RabbitMQ's nodes use (scripts/services.sh, scripts/cluster.sh): never handed out. */
export const RESERVED_PORTS: ReadonlySet<number> = new Set([
  25_672, // rabbit@localhost's Erlang distribution port
  ...[1, 2, 3].flatMap((n) => [5672 + n, 15_672 + n, 25_672 + n]), // cluster node n: AMQP, HTTP, distribution
]);

/** The ports freePort may pick from. */
export function candidatePorts(): number[] {
  const ports: number[] = [];
  for (let port = PORT_RANGE.from; port < PORT_RANGE.to; port++)
    if (!RESERVED_PORTS.has(port)) ports.push(port);
  return ports;
}

/** A port nobody listens on right now, between 20000 and 32000, none of RESERVED_PORTS. */
export async function freePort(): Promise<number> {
  const candidates = candidatePorts();
  for (;;) {
    const port = candidates[Math.floor(Math.random() * candidates.length)]!;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
