// What the bench leaves behind, and how it goes: every queue the bench creates gets a name no chapter,
// test or earlier run uses (benchName), and is removed by that name when its case ends
// (deleteRedisKeys, or the case's own delete); cleanup that must wait for a library to go quiet waits
// for the end of the run (deferCleanup); and what a killed run left behind goes at the start of the
// next one (sweepStale).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../../common/config.ts';
import { scanPrefix } from '../../../03-redis/support/redis.ts';

export const BENCH_PREFIX = 'bench-';

export function benchName(base: string): string {
  return `${BENCH_PREFIX}${base}-${Date.now()}-${randomBytes(3).toString('hex')}`;
}

/** Deletes every Redis key starting with `prefix` (SCAN, never KEYS, so a busy server is not blocked). */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let deleted = 0;
    for await (const keys of scanPrefix(redis, prefix, 1000)) deleted += await redis.unlink(...keys);
    return deleted;
  } finally {
    redis.disconnect();
  }
}

const deferred: Array<() => Promise<void>> = [];

/**
 * Cleanup that must wait until a library has gone quiet: level-jobs looks for the next job once more
 * after its queue is empty, and closing the database under that look-up throws "Database is not open"
 * from inside level-jobs, where nothing can catch it. main.ts runs these at the end, after a pause.
 */
export function deferCleanup(cleanup: () => Promise<void>): void {
  deferred.push(cleanup);
}

export async function runDeferredCleanups(): Promise<void> {
  if (deferred.length === 0) return;
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const cleanup of deferred.splice(0)) await cleanup().catch(() => {});
}

/** The creation time in a bench name (`bench-<base>-<ms>-<hex>`), or undefined. */
function createdAt(name: string): number | undefined {
  const m = /bench-[^:#]*?-(\d{13})-[0-9a-f]{6}/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * Removes what runs killed with SIGKILL left behind (a killed process cleans up nothing): Redis keys
 * and RabbitMQ queues and exchanges whose bench name is older than `maxAgeMs`. Younger ones may belong
 * to a run going on right now (the test suite runs --quick), so they are left alone.
 */
export async function sweepStale(maxAgeMs = 15 * 60_000): Promise<{ keys: number; queues: number }> {
  const old = (name: string) => {
    const t = createdAt(name);
    return t !== undefined && Date.now() - t > maxAgeMs;
  };
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let keys = 0;
  try {
    for (const pattern of [`${BENCH_PREFIX}*`, `bull:${BENCH_PREFIX}*`, `bq:${BENCH_PREFIX}*`]) {
      for await (const batch of redis.scanStream({ match: pattern, count: 1000 })) {
        const stale = (batch as string[]).filter(old);
        if (stale.length) keys += await redis.unlink(...stale);
      }
    }
  } finally {
    redis.disconnect();
  }
  let queues = 0;
  const { default: amqp } = await import('amqplib');
  const { AMQP_URL } = await import('../../../common/config.ts');
  const url = new URL(AMQP_URL);
  const auth = Buffer.from(
    `${decodeURIComponent(url.username || 'guest')}:${decodeURIComponent(url.password || 'guest')}`,
  ).toString('base64');
  const list = async (what: 'queues' | 'exchanges') => {
    try {
      const res = await fetch(`http://${url.hostname}:15672/api/${what}/%2F?columns=name`, {
        headers: { authorization: `Basic ${auth}` },
      });
      return res.ok
        ? ((await res.json()) as Array<{ name: string }>)
            .map((q) => q.name)
            .filter((n) => n.startsWith(BENCH_PREFIX) && old(n))
        : [];
    } catch {
      return []; // no management API: nothing to sweep with
    }
  };
  const [staleQueues, staleExchanges] = await Promise.all([list('queues'), list('exchanges')]);
  if (staleQueues.length + staleExchanges.length > 0) {
    const connection = await amqp.connect(AMQP_URL);
    const channel = await connection.createChannel();
    for (const q of staleQueues) await channel.deleteQueue(q).then(() => queues++);
    for (const e of staleExchanges) await channel.deleteExchange(e);
    await connection.close();
  }
  return { keys, queues };
}
