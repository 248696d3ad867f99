// The child process of exercise 2.1's crash test (you do not need to edit it): the chapter's JobQueue
// on a LevelDB directory, with your counter as the worker.
//
//   tsx 02-leveldb/exercises/2.1-idempotent-counter.home.ts --db DIR --push 3 --crash-after-first-count
//   tsx 02-leveldb/exercises/2.1-idempotent-counter.home.ts --db DIR      (finish what is left, print the
// count)
// The test runs only the first line; the second is there to try the restart by hand.
// --crash-after-first-count kills the process (SIGKILL) right after the FIRST write that touches the
// counter's data. One batch holds the count and the memory of the event, so both are on disk; two
// separate writes leave only the first one there, which is what the test is looking for.
import { parseArgs } from 'node:util';
import { createLogger } from '../../common/log.ts';
import { JobQueue } from '../job-queue.ts';
import type { DoorEvent } from '../worker.ts';
import { openDatabase } from '../support/database.ts';
import * as problem from './2.1-idempotent-counter.problem.ts';
import * as solution from './2.1-idempotent-counter.solution.ts';

const { createEventCounter } = process.env.EXERCISE_TARGET === 'solution' ? solution : problem;
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    push: { type: 'string', default: '0' },
    'crash-after-first-count': { type: 'boolean', default: false },
  },
});
if (!values.db) throw new Error('--db <dir> is required');

const log = createLogger('counter');
const db = await openDatabase(values.db);
const counter = createEventCounter(db);
if (values['crash-after-first-count']) {
  // 'write' is level's event for a write that reached the database: one per put, del or batch.
  db.on('write', (operations: Array<{ key: unknown }>) => {
    if (operations.some((op) => /^!(event-counts|counted-events)!/.test(String(op.key)))) {
      log('crashing now (SIGKILL), right after the first write of the count');
      process.kill(process.pid, 'SIGKILL');
    }
  });
}

// Jobs wait until every push is on disk, so the crash below always leaves the same jobs behind.
let allPushed!: () => void;
const pushed = new Promise<void>((resolve) => (allPushed = resolve));
const queue = new JobQueue<DoorEvent>(db, async (job) => {
  await pushed;
  await counter.handle(job);
  log(' [.] counted event %d (job %s)', job.payload.id, job.id);
});
queue.on('error', (err) => log.error('queue error: %s', err.message));

for (let id = 1; id <= Number(values.push); id++) await queue.push({ id, event: 'door opened' });
allPushed();
await queue.whenEmpty();
log('count: %d', await counter.count('door opened'));
await db.close();
