// Every queue the bench creates gets a name no chapter, test or earlier run uses, and every key or
// queue it leaves behind is removed by prefix when the phase ends.
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';

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
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    for await (const keys of redis.scanStream({ match: pattern, count: 1000 })) {
      if ((keys as string[]).length) deleted += await redis.unlink(...(keys as string[]));
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/** Bytes of the files in a directory (LevelDB keeps a flat directory). */
export async function du(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(path.join(dir, name))).size;
  return total;
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
