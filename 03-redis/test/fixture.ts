// The one set-up every chapter 3 test shares: a queue name of its own, a temp dir, a Redis connection
// to look from the side, and starters for the chapter's parts (server, receiver, worker in this process
// or as a real process, queue client), each stopped after the test, in reverse order, then the queue's
// keys deleted. A test reads as what it does: `const app = await ch3.server()`.
import path from 'node:path';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { Redis } from 'ioredis';
import Queue from 'simple-redis-safe-work-queue';
import { REDIS_URL } from '../../common/config.ts';
import { recordingLogger } from '../../common/log.ts';
import { requireRedis } from '../../common/servers.ts';
import { spawnScript, type Child } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { uniqueName } from '../../common/testing/unique.ts';
import type { WebhookJob } from '../job.ts';
import { startSignupServer, type SignupServerOptions } from '../server.ts';
import { startWebhookWorker, type WebhookWorkerOptions } from '../worker.ts';
import { alwaysOk, startReceiver, type Policy } from '../support/receiver.ts';
import { connectionOptions, deleteQueue, existingKeys, queueKeys, stopClient } from '../support/redis.ts';

/**
 * Limits for tests that start real processes (tsx can take seconds on a busy machine). A passing test never
 * waits for them.
 */
/** The chapter's entry point, as `npm run chapter:3` runs it. */
export const MAIN = new URL('../main.ts', import.meta.url);

export const SLOW = { startMs: 60_000, testMs: 120_000 };

/** A Logger that keeps its lines (errors prefixed "ERROR "), so tests stay quiet but can look. */
export const recorder = () => recordingLogger({ errorPrefix: 'ERROR ' });

export function useChapter3(base: string) {
  const cleanups: Array<() => Promise<unknown>> = [];
  let state: { queueName: string; dir: string; redis: Redis; removeDir(): Promise<void> } | undefined;
  const get = () =>
    state ??
    (() => {
      throw new Error('useChapter3: only inside a test');
    })();
  const later = <T>(value: T, cleanup: () => Promise<unknown>): T => {
    cleanups.push(cleanup);
    return value;
  };

  beforeAll(() => requireRedis());
  beforeEach(async () => {
    const tmp = await makeTempDir();
    state = { queueName: uniqueName(base), dir: tmp.dir, redis: new Redis(REDIS_URL), removeDir: tmp.remove };
  });
  afterEach(async () => {
    const { queueName, redis, removeDir } = get();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
    await deleteQueue(redis, queueName);
    await redis.quit();
    await removeDir();
    state = undefined;
  });

  return {
    get queueName() {
      return get().queueName;
    },
    /** The shared Redis, to look at the queue's keys from the side. */
    get redis() {
      return get().redis;
    },
    get dbFile() {
      return path.join(get().dir, 'users.db');
    },
    /** A folder of the test's own, for DATA_DIR. */
    get dataDir() {
      return get().dir;
    },
    keys: () => queueKeys(get().queueName),
    existingKeys: () => existingKeys(get().redis, get().queueName),
    /** True when no job is waiting, running or stored: every job has been finished or given up. */
    isDrained: async () =>
      (await existingKeys(get().redis, get().queueName)).every(
        (key) => key === queueKeys(get().queueName).failed,
      ),

    async server(options: Partial<SignupServerOptions> = {}) {
      const log = recorder();
      const app = await startSignupServer({
        dbFile: this.dbFile,
        webhookUrl: 'http://127.0.0.1:9/unused',
        queueName: this.queueName,
        log,
        ...options,
      });
      return later({ ...app, log }, () => new Promise((resolve) => app.server.close(resolve)));
    },
    async receiver(policy: Policy = alwaysOk) {
      const receiver = await startReceiver({ policy, log: recorder() });
      return later(receiver, () => receiver.close());
    },
    /** A webhook worker in this process, ready. */
    async worker(options: Partial<WebhookWorkerOptions> = {}) {
      const log = recorder();
      const worker = startWebhookWorker({ workerId: 'test', queueName: this.queueName, log, ...options });
      await worker.ready;
      return later({ ...worker, log }, () => worker.stop());
    },
    /** `npm run chapter:3 -- worker --id <id>` as a real process on the test's queue (not yet waited for). */
    spawnWorker(id: string, args: string[] = []): Child {
      const child = spawnScript(MAIN, { args: ['worker', '--id', id, '--queue', this.queueName, ...args] });
      return later(child, () => child.kill('SIGKILL'));
    },
    /** `npm run chapter:3 -- server` as a real process on the test's queue and database (not waited for). */
    spawnServer(webhookUrl = 'http://127.0.0.1:9/unused', more: string[] = []): Child {
      const args = ['--port', '0', '--db-file', this.dbFile, '--queue', this.queueName];
      const child = spawnScript(MAIN, { args: ['server', ...args, '--webhook-url', webhookUrl, ...more] });
      return later(child, () => child.kill('SIGKILL'));
    },
    /** A producer on the test's queue, as the server builds it. */
    client(): Queue.Client<WebhookJob> {
      const client = Queue.client<WebhookJob>(this.queueName, connectionOptions());
      return later(client, () => stopClient(client));
    },
    /** Anything else to undo after the test. */
    defer: (cleanup: () => Promise<unknown>) => void cleanups.push(cleanup),
  };
}

/** POSTs `body`; a request not answered within `timeoutMs` fails the test (a hang, not a slow answer). */
export async function postJson(
  url: string,
  body: string,
  { headers = {}, timeoutMs = 10_000 }: { headers?: Record<string, string>; timeoutMs?: number } = {},
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; id?: number; error?: string } };
}
