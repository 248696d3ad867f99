// `npm run chapter:3 -- reset`: removes what the chapter's runs leave behind, and nothing else. The keys
// of its three queues (the walkthrough's, the story's, the article's: each list and set by its exact
// name, the job hashes `<queue>#<id>` by SCAN) and the files in .data/03-redis. It says what it removed.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { createLogger } from '../../common/log.ts';
import { NAMES } from './names.ts';
import { deleteQueue } from './redis.ts';

export async function reset(): Promise<void> {
  const log = createLogger('reset');
  const redis = new Redis(REDIS_URL);
  let removed = 0;
  try {
    for (const queue of [NAMES.queue, NAMES.storyQueue, NAMES.articleQueue]) {
      const n = await deleteQueue(redis, queue);
      if (n) log('removed %d Redis key(s) of the queue %j', n, queue);
      removed += n;
    }
  } finally {
    await redis.quit();
  }
  let files: string[] = [];
  try {
    files = readdirSync(NAMES.dataDir);
  } catch {
    // no folder: nothing to remove
  }
  for (const file of files) {
    rmSync(path.join(NAMES.dataDir, file), { recursive: true, force: true });
    log('removed %s', path.join(NAMES.dataDir, file));
  }
  if (removed + files.length === 0) log('nothing to remove');
}
