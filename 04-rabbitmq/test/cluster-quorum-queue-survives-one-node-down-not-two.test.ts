// choosing: survives a server restart; survives losing the machine (simulated); never loses an accepted job
// A quorum queue on the three-node cluster (scripts/cluster.sh, docs/06-beyond-one-machine.md):
//  1. its leader killed mid-stream (kill -9), nothing is lost: every message the cluster confirmed is
//     consumed, and a publisher and a consumer connected to the dead node move to a surviving one;
//  2. with two of three nodes down it refuses publishes (a nack) and keeps what it had.
// The test starts the cluster itself when none is running, and then stops it at the end, so `npm test`
// needs nothing else. It runs beside the other files: it never touches the main broker, and the ~12 s its
// three nodes take to boot overlap the rest of the suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import amqp from 'amqplib';
import { recordingLogger } from '../../common/log.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { waitFor } from '../../common/time.ts';
import { consumeWithFailover } from '../cluster/consumer.ts';
import { NODES, START_CLUSTER_HINT, clusterScript, nodeNamed, nodesUp, replicas } from '../cluster/nodes.ts';
import { messageBody, publishWithFailover } from '../cluster/publisher.ts';

const STREAM = uniqueName('cluster-stream');
const KEPT = uniqueName('cluster-kept');
const COUNT = 1000;
const KEPT_COUNT = 100;

async function declare(queue: string): Promise<void> {
  const connection = await amqp.connect(NODES[0]!.amqpUrl);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await connection.close();
}

describe('a quorum queue on a three-node cluster', () => {
  const log = recordingLogger();

  // A cluster that was already running (npm run cluster:start) is used and left running; one this
  // file started is stopped again, with its data removed, whatever state the tests left it in.
  let startedHere = false;

  beforeAll(async () => {
    try {
      startedHere = (await nodesUp()).length === 0;
      await clusterScript('start');
    } catch (err) {
      throw new Error(
        `the RabbitMQ cluster did not start; ${START_CLUSTER_HINT} to see why.\n${String(err)}`,
      );
    }
    await declare(STREAM);
    await declare(KEPT);
    await publishWithFailover(KEPT, KEPT_COUNT, { nodes: NODES, log });
  }, 240_000);

  afterAll(async () => {
    if (startedHere) return void (await clusterScript('stop')); // its data, queues included, goes with it
    // A cluster that was running before: bring back any node a test left down, and remove the test's queues.
    await clusterScript('start');
    const connection = await amqp.connect(NODES[0]!.amqpUrl);
    const channel = await connection.createChannel();
    for (const queue of [STREAM, KEPT]) await channel.deleteQueue(queue);
    await connection.close();
  }, 120_000);

  it('loses nothing when its leader is killed mid-stream; clients of the dead node move to another', {
    timeout: 90_000,
  }, async () => {
    const leader = nodeNamed((await replicas(STREAM, NODES[0]!)).leader);
    // Both clients list the leader's node first, so both are connected to the node that dies.
    const list = [leader, ...NODES.filter((n) => n !== leader)];
    const consumer = consumeWithFailover(STREAM, { nodes: list, log, done: (ids) => ids.size === COUNT });

    // At the 100th confirm the publisher stops sending until the leader's process is dead: the kill lands
    // mid-stream, with up to 50 messages unconfirmed and 850 or more not yet sent, however busy the machine
    // is. (More messages would prove nothing more: the moment of the kill is fixed by the confirm count.)
    let kill: Promise<string[]> | undefined;
    const published = await publishWithFailover(STREAM, COUNT, {
      nodes: list,
      log,
      window: 50,
      onConfirm: (confirmed) => {
        if (confirmed !== COUNT / 10) return undefined;
        kill = clusterScript('kill', String(leader.index));
        return kill;
      },
    });
    await kill;

    const missing = () => [...Array(COUNT).keys()].filter((id) => !consumer.ids.has(id));
    await waitFor('every confirmed message to be consumed', () => missing().length === 0, {
      timeoutMs: 30_000,
    }).catch(() => {});
    await consumer.stop();
    expect(missing(), `lost after the leader was killed:\n${log.lines.join('\n')}`).toEqual([]);

    // The kill happened mid-stream: the publisher had to move, and resent what was not yet confirmed.
    expect(published.nodes[0]).toBe(leader.name);
    expect(published.nodes.length).toBeGreaterThan(1);
    expect(published.nodes.at(-1)).not.toBe(leader.name);
    expect(consumer.nodes[0]).toBe(leader.name);
    expect(consumer.nodes.at(-1)).not.toBe(leader.name);
    // A surviving node leads the queue now (not the dead one, and not nobody: the API reports '' then).
    const survivor = nodeNamed(published.nodes.at(-1)!);
    const survivors = NODES.filter((n) => n !== leader).map((n) => n.name);
    expect(survivors).toContain((await replicas(STREAM, survivor)).leader);
  });

  it('refuses publishes with two of three nodes down, and keeps every message it had', {
    timeout: 150_000,
  }, async () => {
    // Kill nodes until one is left (the test above already killed one): two of three machines lost. The
    // one left is a follower. (Had it been the leader, it would not know yet that it lost its majority:
    // the nack then came after about 65 s, measured.)
    const up = await nodesUp();
    const { leader } = await replicas(KEPT, up[0]!);
    const last = up.find((n) => n.name !== leader)!;
    const killed = up.filter((n) => n !== last);
    for (const node of killed) await clusterScript('kill', String(node.index));

    const connection = await amqp.connect(last.amqpUrl);
    connection.on('error', () => {});
    const channel = await connection.createConfirmChannel();
    const refused = await new Promise<Error | null>((resolve) => {
      channel.sendToQueue(KEPT, messageBody(KEPT_COUNT), { persistent: true }, (err) => resolve(err));
    });
    await connection.close();
    // A nack, at once: the last node knows the other two are gone, and no member can lead alone.
    expect(refused?.message).toMatch(/nack/);

    // One killed node comes back: a majority again, and the queue answers with exactly what it held,
    // without the refused message.
    await clusterScript('start', String(killed[0]!.index));
    await waitFor(
      'the queue to elect a leader',
      async () => {
        const { leader, online } = await replicas(KEPT, last);
        return online.includes(leader);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const consumer = consumeWithFailover(KEPT, {
      nodes: [last],
      log,
      done: (ids) => ids.size === KEPT_COUNT,
    });
    await waitFor('the kept messages to be consumed', () => consumer.ids.size >= KEPT_COUNT, {
      timeoutMs: 30_000,
    }).catch(() => {});
    await consumer.stop();
    expect(
      [...consumer.ids].sort((a, b) => a - b),
      log.lines.join('\n'),
    ).toEqual([...Array(KEPT_COUNT).keys()]);
  });
});
