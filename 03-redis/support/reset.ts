// `npm run chapter:3 -- reset`: removes what the chapter's runs leave behind, and nothing else. The keys
// of its three queues (the walkthrough's, the story's, the article's: each list and set by its exact
// name, the job hashes `<queue>#<id>` by SCAN) and the files in .data/03-redis. It says what it removed.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../common/config.ts';
import { createLogger, type Logger } from '../../common/log.ts';
import { NAMES } from './names.ts';
import { deleteQueue } from './redis.ts';

/** `names`: a test's own (chapterNames), or the environment's, as `npm run chapter:3 -- reset` has. */
export async function reset(log: Logger = createLogger('reset'), names = NAMES): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let removed = 0;
  try {
    for (const queue of [names.queue, names.storyQueue, names.articleQueue]) {
      const n = await deleteQueue(redis, queue);
      if (n) log('removed %d Redis key(s) of the queue %j', n, queue);
      removed += n;
    }
  } finally {
    await redis.quit();
  }
  let files: string[] = [];
  try {
    files = readdirSync(names.dataDir);
  } catch {
    // no folder: nothing to remove
  }
  for (const file of files) {
    rmSync(path.join(names.dataDir, file), { recursive: true, force: true });
    log('removed %s', path.join(names.dataDir, file));
  }
  if (removed + files.length === 0) log('nothing to remove');
}
