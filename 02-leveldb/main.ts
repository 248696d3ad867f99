// npm run chapter:2 [-- command] [options]: the chapter's story, and the tools to poke at it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createFlakyService } from '../common/flaky-service.ts';
import { createLogger } from '../common/log.ts';
import { seededRandom } from '../common/random.ts';
import { runCrashDemo } from './crash-demo.ts';
import { DatabaseOpenError, openDatabase } from './database.ts';
import { DeadLetterStore, UnknownDeadLetterError } from './dead-letters.ts';
import { openEventRelay, type EventRelay } from './event-relay.ts';
import { queueState } from './inspect.ts';
import { PayloadError } from './payload.ts';
import { pushDoorEvents } from './producer.ts';
import type { DoorEvent } from './worker.ts';

const USAGE = `usage: npm run chapter:2 -- [command] [options]

commands:
  (none)            push 10 'door opened' events, relay them, exit when each one is relayed or dead-lettered
  work              relay what is left in the queue (after a crash) without pushing anything
  dead-letters      list the jobs that failed too often
  requeue <id|all>  put dead letters back in the queue, and relay them
  crash-demo        run the story in a child process, kill -9 it part-way, finish in a new process

options:
  --db <dir>            LevelDB directory (default: .data/02-leveldb/events)
  --failure-rate <0-1>  how often the remote service fails (default: 0.5)
  --delay <ms>          how long each call to the remote service takes (default: 100)
  --seed <n>            make the remote service's failures repeatable
  --max-attempts <n>    runs before a job goes to the dead letters (default: 4)
  --events <n>          how many events to push (default: 10)`;

const DEFAULT_DB = fileURLToPath(new URL('../.data/02-leveldb/events', import.meta.url));
const log = createLogger('main');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string', default: DEFAULT_DB },
    'failure-rate': { type: 'string', default: '0.5' },
    delay: { type: 'string', default: '100' },
    seed: { type: 'string' },
    'max-attempts': { type: 'string', default: '4' },
    events: { type: 'string', default: '10' },
    help: { type: 'boolean', short: 'h' },
  },
});
const [command = 'demo', target] = positionals;
const location = values.db;

async function relayUntilEmpty(before: (relay: EventRelay) => Promise<void>): Promise<void> {
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const remote = createFlakyService<DoorEvent>({
    failureRate: Number(values['failure-rate']),
    delayMs: Number(values.delay),
    random: seed === undefined ? Math.random : seededRandom(seed),
  });
  const relay = await openEventRelay({
    location,
    remote,
    maxAttempts: Number(values['max-attempts']),
    // Small delays so the demo takes seconds: 50 ms, 100 ms, 200 ms, ... at most 400 ms.
    backoff: { initialDelay: 50, maxDelay: 400 },
  });
  const tally = { relayed: 0, deadLettered: 0, retries: 0 };
  relay.queue.on('done', () => tally.relayed++);
  relay.queue.on('retry', () => tally.retries++);
  relay.queue.on('dead-letter', (letter) => {
    tally.deadLettered++;
    log('event %s failed %d times: moved to the dead letters as job %s (last error: %s)', letter.payload.id, letter.attempts, letter.id, letter.lastError);
  });
  relay.queue.on('duplicate', ({ id }) => log('level-jobs started job %s a second time while it ran: joined the running attempt', id));
  relay.queue.on('error', (err) => log.error('queue error: %s', err.message));

  try {
    const left = await queueState(relay.db);
    const leftOver = left.queued.length + left.running.length;
    log('database: %s', shortPath(location));
    if (leftOver > 0) log('%d job(s) left from an earlier run: they go first', leftOver);
    await before(relay);
    await relay.queue.whenEmpty();
  } finally {
    await relay.close();
  }
  log('queue empty: %d relayed, %d dead-lettered, %d retries. Database closed.', tally.relayed, tally.deadLettered, tally.retries);
  if (tally.deadLettered > 0) log('see them with: npm run chapter:2 -- dead-letters');
}

async function listDeadLetters(): Promise<void> {
  const db = await openDatabase(location);
  try {
    const letters = await new DeadLetterStore<DoorEvent>(db).list();
    if (letters.length === 0) log('no dead letters in %s', shortPath(location));
    for (const letter of letters) {
      log('job %s: %j, %d attempts, last error: %s (%s)', letter.id, letter.payload, letter.attempts, letter.lastError, letter.failedAt);
    }
    if (letters.length > 0) log('re-queue one with: npm run chapter:2 -- requeue <job id>   (or: requeue all)');
  } finally {
    await db.close();
  }
}

async function requeue(relay: EventRelay): Promise<void> {
  if (!target) throw new UsageError('requeue needs a dead letter id, or "all"');
  const ids = target === 'all' ? (await relay.queue.deadLetters.list()).map((letter) => letter.id) : [target];
  if (ids.length === 0) log('no dead letters to re-queue');
  for (const id of ids) {
    const newId = await relay.queue.requeue(id);
    log(' [x] dead letter %s is back in the queue as job %s', id, newId);
  }
}

class UsageError extends Error {}

/** `.data/02-leveldb/events` rather than the absolute path, for a directory inside the current one. */
function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}

async function main(): Promise<void> {
  if (values.help) return void console.log(USAGE);
  switch (command) {
    case 'demo':
      return relayUntilEmpty((relay) => pushDoorEvents(relay.queue, Number(values.events)).then(() => {}));
    case 'work':
      return relayUntilEmpty(async () => {});
    case 'dead-letters':
      return listDeadLetters();
    case 'requeue':
      return relayUntilEmpty(requeue);
    case 'crash-demo': {
      // The remote service's options go to both processes.
      const passOn = ['failure-rate', 'delay', 'seed', 'max-attempts', 'events'] as const;
      return runCrashDemo(passOn.flatMap((name) => (values[name] === undefined ? [] : [`--${name}`, String(values[name])])));
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main().catch((err: Error) => {
  // Errors we expect (bad input, a locked or unwritable directory) are one line; anything else, a stack.
  const expected = [DatabaseOpenError, PayloadError, UnknownDeadLetterError, UsageError, RangeError].some((type) => err instanceof type);
  log.error(expected ? err.message : (err.stack ?? String(err)));
  if (err instanceof UsageError) console.error(`\n${USAGE}`);
  process.exitCode = 1;
});
