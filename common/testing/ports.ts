// A TCP port for a test's own server (chapter 3's private redis-server) or for a connection that must be
// refused (chapter 4's bad AMQP_URL), picked below Linux's ephemeral range (32768+). Ports from `listen(0)`
// and from outgoing connections come from that range, so no other test can be handed the port between our
// check and its use, nor while a private server is stopped and started again.
import net from 'node:net';

/** A port nobody listens on right now, between 20000 and 32000. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
