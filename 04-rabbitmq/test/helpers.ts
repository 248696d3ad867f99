// What the chapter 4 tests share: a queue name of their own, a look at the broker from the side (how
// many messages wait where), a worker started as a real process, and cleanup of everything a test made.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import amqp, { type ChannelModel, type GetMessage } from 'amqplib';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { canConnect, requireRabbitMQ } from '../../common/servers.ts';
import { AMQP_URL } from '../../common/config.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import { spawnScript, type Child } from '../../common/process.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import { deleteWorkQueue } from '../support/cleanup.ts';
import { waitFor } from '../../common/time.ts';
import { errorMessage } from '../../common/errors.ts';

/**
 * Generous limits for tests that start real processes: on a busy machine (the whole suite on 2 cores)
 * starting tsx can take seconds. They only bound a failure; a passing test never waits for them.
 */
export const SLOW = { startMs: 45_000, testMs: 120_000 };

/** A work queue name no other test uses; its dead-letter exchange and queue are named after it. */
export const testQueue = (base: string) => uniqueName(`ch4-${base}`);

/** For calls to produce() inside a test: the test's own assertions say what happened. */
export const quiet: Logger = silentLogger();

/** A separate connection that inspects queues the way the management UI would. */
export interface Inspector {
  count(queue: string): Promise<number>;
  /** How many consumers are subscribed to `queue`. */
  consumers(queue: string): Promise<number>;
  /** Takes every message waiting in `queue` (acking them). */
  drain(queue: string): Promise<GetMessage[]>;
  /** Deletes the work queue, its dead-letter queue and exchange. */
  remove(queue: string): Promise<void>;
  close(): Promise<void>;
}

export async function openInspector(url: string = AMQP_URL): Promise<Inspector> {
  const connection: ChannelModel = await amqp.connect(url, { noDelay: true });
  connection.on('error', () => {});
  // checkQueue on a missing queue closes the channel, so each question gets a fresh one.
  const withChannel = async <T>(use: (ch: amqp.Channel) => Promise<T>): Promise<T> => {
    const ch = await connection.createChannel();
    ch.on('error', () => {});
    try {
      return await use(ch);
    } finally {
      await ch.close().catch(() => {});
    }
  };
  return {
    count: (queue) => withChannel(async (ch) => (await ch.checkQueue(queue)).messageCount),
    consumers: (queue) => withChannel(async (ch) => (await ch.checkQueue(queue)).consumerCount),
    drain: (queue) =>
      withChannel(async (ch) => {
        const all: GetMessage[] = [];
        for (let msg = await ch.get(queue, { noAck: true }); msg; msg = await ch.get(queue, { noAck: true }))
          all.push(msg);
        return all;
      }),
    remove: (queue) => withChannel((ch) => deleteWorkQueue(ch, queue)),
    close: () => connection.close(),
  };
}

/** `tsx 04-rabbitmq/worker.ts` as a real process; fast polling and no work time unless told otherwise. */
export function spawnWorker(
  queue: string,
  name: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): Child {
  return spawnScript(new URL('../worker.ts', import.meta.url), {
    args: ['--queue', queue, '--name', name, '--poll-interval-ms', '50', '--work-ms', '0', ...extra],
    env,
  });
}

/** Job ids from a process's `Done job N` lines, in order. */
export function doneIds(lines: string[]): number[] {
  return lines.flatMap((line) => {
    const id = /Done job (\d+)/.exec(line)?.[1];
    return id === undefined ? [] : [Number(id)];
  });
}

/**
 * The fixture of the tests that run workers on a queue of their own: RabbitMQ must answer; each test gets a
 * fresh
 * queue (named after `base`) and an inspector; afterwards its workers are killed and its queues and
 * exchange deleted. Call it once inside a `describe`, and read `queue` and `broker` inside each test.
 */
export function useQueueFixture(base: string) {
  const fixture = {
    queue: '',
    broker: undefined as unknown as Inspector,
    children: [] as Child[],
    /** spawnWorker on this test's queue; the worker is killed after the test. */
    spawnWorker(name: string, extra: string[] = [], env: Record<string, string> = {}): Child {
      const child = spawnWorker(fixture.queue, name, extra, env);
      fixture.children.push(child);
      return child;
    },
  };
  beforeAll(() => requireRabbitMQ());
  let broker: Inspector | undefined;
  beforeEach(async () => {
    fixture.queue = testQueue(base);
    broker = undefined; // a failed connect below must not leave the last test's inspector for afterEach
    broker = fixture.broker = await openInspector();
  });
  afterEach(async () => {
    await Promise.all(fixture.children.splice(0).map((c) => c.kill('SIGKILL')));
    // No inspector: beforeEach failed, and its error is the one to read, not a TypeError from here.
    if (!broker) return;
    await broker.remove(fixture.queue);
    await broker.close();
  });
  return fixture;
}

/** The broker's version, as it announces itself when a client connects (connection.start's properties). */
export interface BrokerVersion {
  /** e.g. "3.10.8" */
  text: string;
  /** True from `major.minor` on, e.g. atLeast(4, 3). */
  atLeast(major: number, minor: number): boolean;
}

export async function brokerVersion(): Promise<BrokerVersion> {
  const connection = await amqp.connect(AMQP_URL);
  const text = String(connection.connection.serverProperties.version ?? '');
  await connection.close();
  const [major = Number.NaN, minor = Number.NaN] = text.split('.').map(Number);
  if (!Number.isInteger(major) || !Number.isInteger(minor))
    throw new Error(`the broker at AMQP_URL announced no version number (got "${text}")`);
  return {
    text,
    atLeast: (wantMajor, wantMinor) => major > wantMajor || (major === wantMajor && minor >= wantMinor),
  };
}

/**
 * AMQP_URL with one part changed (port, password): the tests' bad URLs point at the broker they were given.
 */
export function amqpUrlWith(change: { port?: number; password?: string }): string {
  const url = new URL(AMQP_URL);
  if (change.port !== undefined) url.port = String(change.port);
  if (change.password !== undefined) url.password = change.password;
  return url.toString();
}

/** The broker of AMQP_URL as host:port, as the chapter's error lines print it. */
export const brokerAddress = (() => {
  const url = new URL(AMQP_URL);
  return { host: url.hostname, port: Number(url.port || 5672) };
})();

/**
 * The management HTTP API of the broker in AMQP_URL (same host, port 15672, same user), as the UI uses it.
 * `forceClose` closes a connection by the name a worker gives it, as the UI's "Force Close" button does.
 */
export function managementApi() {
  const url = new URL(AMQP_URL);
  const api = process.env.RABBITMQ_MANAGEMENT_URL ?? `http://${url.hostname}:15672/api`;
  const name = decodeURIComponent(url.username || 'guest');
  const user = `${name}:${decodeURIComponent(url.password || 'guest')}`;
  const headers = { Authorization: `Basic ${Buffer.from(user).toString('base64')}` };
  return {
    async get<T>(path: string): Promise<T> {
      const res = await fetch(`${api}${path}`, { headers });
      if (!res.ok) throw new Error(`GET ${api}${path}: ${res.status}`);
      return (await res.json()) as T;
    },
    /**
     * Waits until the API lists the connection named `connectionName`: after its next statistics round (up to
     * 5 s).
     */
    async connection(connectionName: string): Promise<{ name: string }> {
      return waitFor(
        `the connection "${connectionName}" in ${api}/connections`,
        async () => {
          const all =
            await this.get<Array<{ name: string; client_properties: { connection_name?: string } }>>(
              '/connections',
            );
          return all.find((c) => c.client_properties.connection_name === connectionName);
        },
        { timeoutMs: SLOW.startMs, intervalMs: 250 },
      );
    },
    /**
     * A broker user of the test's own (same password as AMQP_URL's, every permission on its vhost), for a
     * process the test will cut off: `closeConnections` is the UI's "Force Close" on every connection of that
     * user. It acts at once: the API knows a user's connections as soon as they open, whereas a connection's
     * name only appears after the next statistics round (up to 5 s). Remove the user after the test.
     */
    async temporaryUser(base: string) {
      const user = uniqueName(base);
      const password = decodeURIComponent(url.password || 'guest');
      const vhost = encodeURIComponent(decodeURIComponent(url.pathname.slice(1)) || '/');
      const send = async (
        method: string,
        path: string,
        body?: object,
        extra: Record<string, string> = {},
      ) => {
        const res = await fetch(`${api}${path}`, {
          method,
          headers: { ...headers, 'content-type': 'application/json', ...extra },
          body: body && JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`${method} ${api}${path}: ${res.status} ${await res.text()}`);
      };
      await send('PUT', `/users/${user}`, { password, tags: '' });
      await send('PUT', `/permissions/${vhost}/${user}`, { configure: '.*', write: '.*', read: '.*' });
      const amqpUrl = new URL(AMQP_URL);
      amqpUrl.username = user;
      return {
        /** AMQP_URL, as this user. */
        url: amqpUrl.toString(),
        closeConnections: (reason: string) =>
          send('DELETE', `/connections/username/${user}`, undefined, { 'X-Reason': reason }),
        remove: () => send('DELETE', `/users/${user}`),
      };
    },
    async forceClose(connectionName: string, reason: string): Promise<void> {
      const connection = await this.connection(connectionName);
      const res = await fetch(`${api}/connections/${encodeURIComponent(connection.name)}`, {
        method: 'DELETE',
        headers: { ...headers, 'X-Reason': reason },
      });
      if (res.status !== 204) throw new Error(`DELETE connection "${connectionName}": ${res.status}`);
    },
  };
}

/**
 * Work that records each job it starts and holds it until `release()`: a job "in hand" for as long as a test
 * needs.
 */
export function heldWork() {
  const started: number[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    started,
    release,
    work: async (job: { id: number }) => {
      started.push(job.id);
      await released;
    },
  };
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The broker the restart test restarts: a RabbitMQ node of its own (scripts/restart-node.sh,
 * rabbit-restart@localhost), not the one at AMQP_URL. A restart drops every connection to its broker; on
 * a node of its own it drops no other test's, and the test runs beside the others.
 */
const RESTART_NODE_URL = new URL('amqp://guest:guest@localhost:5679');
export const restartNode = {
  name: 'rabbit-restart@localhost',
  url: RESTART_NODE_URL.href,
  host: RESTART_NODE_URL.hostname,
  port: Number(RESTART_NODE_URL.port),
};

/** Runs `bash scripts/restart-node.sh <command>`; a failure carries the script's own lines. */
async function restartNodeScript(command: 'start' | 'restart' | 'stop'): Promise<void> {
  try {
    await promisify(execFile)('bash', ['scripts/restart-node.sh', command], { cwd: ROOT, timeout: 150_000 });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`bash scripts/restart-node.sh ${command} failed:\n${(stdout + stderr).trim()}`);
  }
}

/**
 * Starts the restart test's node unless it answers already. True when this call started it: the test then
 * stops it at the end (stopRestartNode), data and all; a node that was running is left running.
 */
export async function startRestartNode(): Promise<boolean> {
  const startedHere = !(await canConnect(restartNode.host, restartNode.port, 500));
  try {
    await restartNodeScript('start');
  } catch (err) {
    throw new Error(
      `the restart test's own RabbitMQ node (${restartNode.name}, port ${restartNode.port}) did not start; ` +
        "it runs from RabbitMQ's Debian package (npm run setup) as the rabbitmq user, which needs root or " +
        `passwordless sudo. What failed:\n${errorMessage(err)}`,
    );
  }
  return startedHere;
}

/** Kills the restart test's node and removes its data. */
export const stopRestartNode = () => restartNodeScript('stop');

/**
 * A real broker restart on the restart test's node, the way scripts/services.sh restart-rabbitmq restarts
 * the Debian package's broker: `rabbitmqctl stop_app` then `start_app`. Every connection drops; durable
 * queues and persistent messages are recovered from disk. Resolves once the node takes connections again.
 */
export const restartBroker = () => restartNodeScript('restart');

/** True when the broker at `url` completes an AMQP handshake within `timeoutMs`. */
export async function brokerAnswers(url: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const connection = await amqp.connect(url, { timeout: timeoutMs });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * For the afterAll of the restart test, on a node it did not start: a restart that failed half-way (the app
 * stopped, start_app never run or timed out) must not leave the node down for whoever runs it. If the node
 * does not answer, restart it again (stop_app on a stopped app does nothing; start_app brings it back).
 */
export async function bringTheBrokerBack(): Promise<void> {
  if (await brokerAnswers(restartNode.url)) return;
  await restartBroker();
  if (!(await brokerAnswers(restartNode.url, 10_000)))
    throw new Error(
      `${restartNode.name} does not answer after a restart; see bash scripts/restart-node.sh status, ` +
        'or remove it: bash scripts/restart-node.sh stop',
    );
}
