// Publish messages 0..count-1 to a quorum queue until the cluster has confirmed every one, whichever node
// dies on the way. A publisher confirm from a quorum queue means a majority of its members wrote the
// message; until then the message is ours to keep and to send again. So:
//   - a message counts as delivered only when its confirm arrives (not when sendToQueue returns);
//   - when the connection dies, every unconfirmed message is sent again through the next node: the
//     cluster may end up with two copies of one id (at-least-once), but never with none;
//   - a nack (the queue has no majority, see the test of two nodes down) is also sent again, later.
import type { ConfirmChannel } from 'amqplib';
import type { Logger } from '../../common/log.ts';
import { sleep } from '../../common/time.ts';
import { connectToAnyNode } from './connect.ts';
import type { ClusterNode } from './nodes.ts';

export interface PublishOptions {
  /** The client's list of nodes, tried in order on every (re)connect. */
  nodes: ClusterNode[];
  log: Logger;
  /** How many unconfirmed messages may be in flight at once. */
  window?: number;
  /**
   * Called after each confirm, with how many are confirmed so far. When it returns a promise, no new message
   * is sent until it settles: the test kills a node from here, so the kill lands with messages still to send.
   */
  onConfirm?: (confirmed: number) => Promise<unknown> | undefined;
}

export interface PublishResult {
  /** The node of each connection used, in order: more than one means the publisher failed over. */
  nodes: string[];
  /** Messages sent more than once, because their first confirm never came. */
  resent: number;
}

export const messageBody = (id: number) => Buffer.from(JSON.stringify({ id }));

export async function publishWithFailover(
  queue: string,
  count: number,
  options: PublishOptions,
): Promise<PublishResult> {
  const { nodes, log, window = 100, onConfirm } = options;
  const confirmed = new Set<number>();
  const sent = new Set<number>();
  const result: PublishResult = { nodes: [], resent: 0 };
  let round = 0;
  while (confirmed.size < count) {
    const todo = [...Array(count).keys()].filter((id) => !confirmed.has(id));
    result.resent += todo.filter((id) => sent.has(id)).length;
    round++;
    const { connection, node, closed } = await connectToAnyNode(nodes, log);
    result.nodes.push(node.name);
    if (round > 1) log(`connected to ${node.name}; sending the ${todo.length} message(s) not yet confirmed`);
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => {}); // a nack is reported per message; a closed channel ends the round
      const nacked = await sendAll(channel, queue, todo, window, sent, (id) => {
        confirmed.add(id);
        return onConfirm?.(confirmed.size);
      });
      if (nacked > 0) {
        log(`${nacked} message(s) refused (nack), sending them again`);
        await sleep(200); // the cluster is electing a leader or has lost its majority: give it a moment
      }
    } catch {
      // the connection died while we opened a channel: the next round connects elsewhere
    }
    await connection.close().catch(() => {});
    await closed;
  }
  return result;
}

/**
 * Sends `ids` with at most `window` unconfirmed; resolves once each has its ack, nack or error. While a
 * promise returned by `ack` is pending, nothing new is sent.
 */
function sendAll(
  channel: ConfirmChannel,
  queue: string,
  ids: number[],
  window: number,
  sent: Set<number>,
  ack: (id: number) => Promise<unknown> | undefined,
): Promise<number> {
  return new Promise((resolve) => {
    let next = 0;
    let inFlight = 0;
    let nacked = 0;
    let stopped = false;
    let paused = false;
    const pump = () => {
      while (!stopped && !paused && inFlight < window && next < ids.length) {
        const id = ids[next++]!;
        inFlight++;
        try {
          sent.add(id);
          channel.sendToQueue(queue, messageBody(id), { persistent: true }, (err) => {
            inFlight--;
            if (err) {
              // 'message nacked', or 'channel closed' for every message still unconfirmed at a node's death
              if (/nack/.test(err.message)) nacked++;
              else stopped = true;
            } else {
              const pause = ack(id);
              if (pause) {
                paused = true;
                const resume = () => {
                  paused = false;
                  pump();
                };
                pause.then(resume, resume); // the caller awaits its own promise and sees its failure
              }
            }
            pump();
          });
        } catch {
          inFlight--;
          stopped = true; // the channel is already closed: sendToQueue throws instead of calling back
        }
      }
      if (inFlight === 0 && !paused && (stopped || next >= ids.length)) resolve(nacked);
    };
    pump();
  });
}
