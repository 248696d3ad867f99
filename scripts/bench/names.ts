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
