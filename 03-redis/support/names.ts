// The names the chapter's runs leave behind in Redis and on disk, in one place, so `reset` knows them
// all. The walkthrough uses the article's queue, `invoke webhook`; the story and the article's listing
// each use a queue and a database of their own, so running one never disturbs another. Tests give all of
// them a unique base with QUEUE_NAME and a temp dir with DATA_DIR.
import path from 'node:path';
import { WEBHOOK_QUEUE } from '../job.ts';

/** The names of the chapter's runs on queues named after `base`, with their files in `dataDir`. */
export function chapterNames(base: string, dataDir: string) {
  return {
    /** The walkthrough's queue (server and worker modes): the article's `invoke webhook`. */
    queue: base,
    /** `npm run chapter:3`'s queue: another first word, so a `--scan` for one never lists the other. */
    storyQueue: `story: ${base}`,
    /** `npm run chapter:3 -- article`'s queue. */
    articleQueue: `article: ${base}`,
    /** Where the SQLite files go: everything in it is the chapter's. */
    dataDir,
    /** The walkthrough server's users. */
    dbFile: path.join(dataDir, 'users.db'),
    /** The story's users. */
    storyDbFile: path.join(dataDir, 'story.db'),
  };
}

/** The names every mode uses: the defaults, or QUEUE_NAME and DATA_DIR from the environment. */
export const NAMES = chapterNames(
  process.env.QUEUE_NAME ?? WEBHOOK_QUEUE,
  process.env.DATA_DIR ?? path.join('.data', '03-redis'),
);
