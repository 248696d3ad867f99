// Beyond one machine: a quorum queue on a three-node cluster loses nothing when its leader is killed.
//   npm run cluster:start                 three nodes on 5673-5675 (scripts/cluster.sh)
//   npx tsx 04-rabbitmq/cluster/story.ts  (npm run chapter:4 -- cluster) this story; --help for its options
//   npm run cluster:stop                  stop the nodes, remove their data
// The story: publish 1,000 persistent messages with publisher confirms; ask who leads the queue and who
// holds copies; kill -9 the leader's Erlang process; watch another node take over; consume every message
// through a surviving node and count them; bring the killed node back and watch it catch up.
import amqp from 'amqplib';
import { parseCommand, wholeNumber } from '../../common/cli.ts';
import { errorMessage } from '../../common/errors.ts';
import { createLogger, type Logger } from '../../common/log.ts';
import { isMain } from '../../common/process.ts';
import { waitFor } from '../../common/time.ts';
import { consumeWithFailover } from './consumer.ts';
import {
  NODES,
  clusterScript,
  nodeNamed,
  quorumStatus,
  replicas,
  requireCluster,
  type MemberStatus,
} from './nodes.ts';
import { publishWithFailover } from './publisher.ts';

const QUEUE = 'cluster-story';
const COUNT = 1000;

export const storyCommand = {
  usage: 'npx tsx 04-rabbitmq/cluster/story.ts [options]',
  summary:
    "Publishes to a quorum queue on the three-node cluster, kills the queue's leader, consumes every " +
    'message through a surviving node, and brings the killed node back. Needs: npm run cluster:start. ' +
    '(npm run chapter:4 -- cluster takes the same options.)',
  options: {
    count: { type: 'string', default: String(COUNT), help: 'how many persistent messages to publish' },
  },
  examples: [
    'npx tsx 04-rabbitmq/cluster/story.ts',
    'npx tsx 04-rabbitmq/cluster/story.ts --count 200',
    'npm run chapter:4 -- cluster --count 200',
  ],
} as const;
const short = (name: string) => name.replace('@localhost', '');
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function showMembers(log: Logger, members: MemberStatus[]): void {
  for (const m of members) {
    const position =
      m.logIndex === undefined ? '' : `  Raft log index ${m.logIndex}, committed ${m.commitIndex}`;
    log(`   ${m.node.padEnd(18)} ${m.state.padEnd(9)}${position}`);
  }
}

export async function main(log: Logger = createLogger('story'), count = COUNT): Promise<void> {
  await requireCluster();
  log(`three nodes answer: ${NODES.map((n) => `${n.name} (AMQP ${n.amqpPort})`).join(', ')}`);

  // A quorum queue is declared like any durable queue, plus its type. Its members: every node (3).
  const setup = await amqp.connect(NODES[0]!.amqpUrl);
  const channel = await setup.createChannel();
  await channel.deleteQueue(QUEUE); // whatever an earlier run left behind
  await channel.assertQueue(QUEUE, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await setup.close();
  log(`declared quorum queue '${QUEUE}' through ${NODES[0]!.name}`);

  const producer = createLogger('producer');
  let started = Date.now();
  await publishWithFailover(QUEUE, count, { nodes: NODES, log: producer });
  producer(
    `${count} persistent messages confirmed in ${seconds(started)}: each one is written on a majority of ` +
      `the members`,
  );

  const before = await replicas(QUEUE, NODES[1]!);
  log(
    `leader: ${before.leader}; copies on ${before.members.map(short).join(', ')} (${before.online.length} ` +
      `of ${before.members.length} online)`,
  );
  showMembers(log, await quorumStatus(QUEUE, NODES[1]!));

  const victim = nodeNamed(before.leader);
  const survivor = NODES.find((n) => n !== victim)!;
  log(`kill -9 the leader's Erlang process: bash scripts/cluster.sh kill ${victim.index}`);
  started = Date.now();
  for (const line of await clusterScript('kill', String(victim.index))) log(line);
  const after = await waitFor(
    'another node to lead the queue',
    async () => {
      const r = await replicas(QUEUE, survivor);
      return r.leader !== victim.name && !r.online.includes(victim.name) && r;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  log(
    `new leader: ${after.leader}, ${seconds(started)} after the kill; online: ` +
      `${after.online.map(short).join(', ')}`,
  );

  // The consumer's list starts with the dead node on purpose: it is refused there and moves on.
  const consumerLog = createLogger('consumer');
  started = Date.now();
  const consumer = consumeWithFailover(QUEUE, {
    nodes: NODES,
    log: consumerLog,
    done: (ids) => ids.size === count,
  });
  await consumer.finished;
  consumerLog(
    `through ${consumer.nodes.at(-1)}: ${consumer.ids.size} distinct messages of ${count} ` +
      `(${consumer.deliveries} deliveries) in ${seconds(started)}`,
  );

  log(`bringing ${victim.name} back: npm run cluster:start (starts the nodes that are down)`);
  started = Date.now();
  await clusterScript('start');
  log(`${victim.name} is up again after ${seconds(started)}; it replays what it missed from the leader:`);
  const caughtUp = await waitFor(
    `${victim.name} to reach the leader's Raft log index`,
    async () => {
      const members = await quorumStatus(QUEUE, survivor);
      const leader = members.find((m) => m.state === 'leader');
      const back = members.find((m) => m.node === victim.name);
      return leader && back?.logIndex !== undefined && back.logIndex === leader.commitIndex && members;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  showMembers(log, caughtUp);

  const cleanup = await amqp.connect(survivor.amqpUrl);
  const left = (await (await cleanup.createChannel()).deleteQueue(QUEUE)).messageCount;
  await cleanup.close();
  log(
    `${left} message(s) left in '${QUEUE}' (deleted). Stop the cluster when you are done: npm run ` +
      `cluster:stop`,
  );
}

/** The command line; exported so tests read it in-process. */
export function readArgs(argv = process.argv.slice(2)) {
  return parseCommand(storyCommand, argv);
}

/** The checked --count (exit 2 when it is not a whole number >= 1); `npm run chapter:4 -- cluster` too. */
export function storyCount(argv = process.argv.slice(2)): number {
  return wholeNumber(storyCommand, 'count', readArgs(argv).values.count, 1);
}

if (isMain(import.meta.url)) {
  const count = storyCount();
  const log = createLogger('story');
  try {
    await main(log, count);
  } catch (err) {
    log.error(`error: ${errorMessage(err)}`);
    process.exitCode = 1;
  }
}
