// A client's view of a cluster is a list of nodes: connect to the first one that answers. When that node
// dies, the connection closes; the caller comes back here and gets the next node that answers.
//
// Why not amqplib's own `recovery` option (amqplib 2.3)? It reconnects to the one URL it was given
// (node_modules/amqplib/channel_api.js passes the same `url` to every attempt), so a client of a dead
// node would retry that dead node forever. And it recreates only the connection: channels, consumers and
// unconfirmed publishes are the caller's to redo, which is what publisher.ts and consumer.ts do.
import amqp, { type ChannelModel } from 'amqplib';
import { errorMessage } from '../../common/errors.ts';
import type { Logger } from '../../common/log.ts';
import type { ClusterNode } from './nodes.ts';

export interface NodeConnection {
  connection: ChannelModel;
  node: ClusterNode;
  /** Resolves when the connection is gone, for whatever reason (node killed, closed by us). */
  closed: Promise<void>;
}

/** Tries `nodes` in order; the first that accepts an AMQP connection wins. */
export async function connectToAnyNode(nodes: ClusterNode[], log: Logger): Promise<NodeConnection> {
  const failures: string[] = [];
  for (const node of nodes) {
    try {
      // A short timeout: a node that is down refuses at once, one that hangs must not hold us up.
      const connection = await amqp.connect(node.amqpUrl, { timeout: 2000 });
      // A killed node is an 'error' then a 'close'; without a listener the 'error' would crash the process.
      connection.on('error', () => {});
      const closed = new Promise<void>((resolve) => connection.once('close', () => resolve()));
      return { connection, node, closed };
    } catch (err) {
      failures.push(`${node.name}: ${errorMessage(err)}`);
    }
  }
  log.error(`no node answers: ${failures.join('; ')}`);
  throw new Error(`no node of the cluster accepts connections (${failures.join('; ')})`);
}
