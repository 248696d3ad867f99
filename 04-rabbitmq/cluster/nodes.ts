// The three-node cluster that scripts/cluster.sh starts (npm run cluster:start), as the story and the test
// see it: where each node listens, how to ask a node who leads a quorum queue, and how to kill or bring
// back a node. Everything here goes through the real nodes: their management HTTP API, and the script.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { canConnect } from '../../common/servers.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ClusterNode {
  /** 1, 2 or 3, as in `bash scripts/cluster.sh kill 2`. */
  index: number;
  /** The Erlang node name, as RabbitMQ reports it (leader, members). */
  name: string;
  amqpUrl: string;
  amqpPort: number;
  httpPort: number;
  /** The Erlang distribution port the nodes talk to each other on (DIST_PORT in scripts/cluster.sh). */
  distPort: number;
  log: string;
}

export const NODES: ClusterNode[] = [1, 2, 3].map((index) => ({
  index,
  name: `rabbit${index}@localhost`,
  amqpUrl: `amqp://guest:guest@localhost:${5672 + index}`,
  amqpPort: 5672 + index,
  httpPort: 15672 + index,
  distPort: 25672 + index,
  log: `/var/lib/rabbitmq-cluster/rabbit${index}/log/rabbit${index}@localhost.log`,
}));

export const START_CLUSTER_HINT = 'start it with: npm run cluster:start (see docs/06-beyond-one-machine.md)';

/**
 * The node behind a name RabbitMQ reports; by the part before `@`, so Docker's rabbit1@rabbit1 matches too.
 */
export function nodeNamed(name: string): ClusterNode {
  const node = NODES.find((n) => n.name.split('@')[0] === name.split('@')[0]);
  if (!node)
    throw new Error(`${name} is not one of the cluster's nodes (${NODES.map((n) => n.name).join(', ')})`);
  return node;
}

/**
 * Runs `bash scripts/cluster.sh <args>` and returns its output lines; a failure carries the script's own
 * line.
 */
export async function clusterScript(...args: string[]): Promise<string[]> {
  try {
    const { stdout } = await run('bash', ['scripts/cluster.sh', ...args], { cwd: ROOT, timeout: 180_000 });
    return stdout.split('\n').filter((l) => l !== '');
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`bash scripts/cluster.sh ${args.join(' ')} failed:\n${(stdout + stderr).trim()}`);
  }
}

/** The nodes whose AMQP port accepts connections right now. */
export async function nodesUp(): Promise<ClusterNode[]> {
  const up = await Promise.all(NODES.map((n) => canConnect('127.0.0.1', n.amqpPort, 500)));
  return NODES.filter((_, i) => up[i]);
}

/** Throws one line saying how to start the cluster, unless all three nodes answer. */
export async function requireCluster(): Promise<void> {
  const up = await nodesUp();
  const down = NODES.filter((n) => !up.includes(n));
  if (down.length > 0) {
    throw new Error(
      `the RabbitMQ cluster is not running: ` +
        `${down.map((n) => `${n.name} (port ${n.amqpPort})`).join(', ')} not answering; ` +
        `${START_CLUSTER_HINT}; node logs: /var/lib/rabbitmq-cluster/rabbitN/log/`,
    );
  }
}

/** What a quorum queue's members are, as the management API of `via` reports it. */
export interface Replicas {
  leader: string;
  /** Every node that holds a copy of the queue's log. */
  members: string[];
  /** The members that are up. */
  online: string[];
}

export async function replicas(queue: string, via: ClusterNode): Promise<Replicas> {
  const path = `/api/queues/%2F/${encodeURIComponent(queue)}?disable_stats=true`;
  const url = `http://127.0.0.1:${via.httpPort}${path}`;
  const response = await fetch(url, {
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const body = (await response.json()) as Partial<Replicas>;
  return { leader: body.leader ?? '', members: body.members ?? [], online: body.online ?? [] };
}

/** One line per member of a quorum queue, from `rabbitmq-queues quorum_status` (its Raft log positions). */
export interface MemberStatus {
  node: string;
  /** leader, follower, or the reason it does not answer (e.g. nodedown). */
  state: string;
  logIndex: number | undefined;
  commitIndex: number | undefined;
}

export async function quorumStatus(queue: string, via: ClusterNode): Promise<MemberStatus[]> {
  const lines = await clusterScript('quorum-status', queue, String(via.index));
  const rows = JSON.parse(lines.join('\n')) as Array<Record<string, unknown>>;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return rows.map((row) => ({
    node: String(row['Node Name']),
    state: Array.isArray(row['Raft State']) ? String(row['Raft State'][0]) : String(row['Raft State']),
    logIndex: num(row['Log Index']),
    commitIndex: num(row['Commit Index']),
  }));
}
