// npm run chapter:2 [-- command] [options]: the chapter's story. Ten `door opened` events go into a
// queue on disk, a worker relays them to a remote service that fails half the time, and the process
// exits once each event is relayed or dead-lettered. The other commands are listed in USAGE.
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createFlakyService } from '../common/flaky-service.ts';
import { createLogger } from '../common/log.ts';
import { seededRandom } from '../common/random.ts';
import { runArticleDemo, runCrashDemo } from './demos.ts';
import { pushDoorEvents } from './producer.ts';
import { openEventRelay, type DoorEvent, type EventRelay } from './worker.ts';
import { listDeadLetters, requeueDeadLetters, shortPath, UsageError } from './support/commands.ts';
import { DatabaseOpenError } from './support/database.ts';
import { UnknownDeadLetterError } from './support/dead-letters.ts';
import { queueState } from './support/inspect.ts';
import { PayloadError } from './support/payload.ts';

const USAGE = `usage: npm run chapter:2 -- [command] [options]

commands:
  (none)            push 10 'door opened' events, relay them, exit when each one is relayed or dead-lettered
  article           the article's version (article.ts): a job that always fails stalls the queue
  crash-demo        run the story in a child process, kill -9 it part-way, finish in a new process
  work              relay what is left in the queue (after a crash) without pushing anything
  dead-letters      list the jobs that failed too often
  requeue <id|all>  put dead letters back in the queue, and relay them

options:
  --db <dir>            LevelDB directory (default: .data/02-leveldb/events; for article and crash-demo,
                        .data/02-leveldb/article and .data/02-leveldb/crash-demo, wiped first)
  --failure-rate <0-1>  how often the remote service fails (default: 0.5)
  --delay <ms>          how long each call to the remote service takes (default: 100)
  --seed <n>            make the remote service's failures repeatable
  --max-attempts <n>    runs before a job goes to the dead letters (default: 4)
  --events <n>          how many events to push (default: 10)
  --remote-log <file>   the remote service appends each event it accepted to this file (its own record)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string' },
    'failure-rate': { type: 'string', default: '0.5' },
    delay: { type: 'string', default: '100' },
    seed: { type: 'string' },
    'max-attempts': { type: 'string', default: '4' },
    events: { type: 'string', default: '10' },
    'remote-log': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
const [command = 'demo', target] = positionals;
const location = values.db ?? fileURLToPath(new URL('../.data/02-leveldb/events', import.meta.url));
const log = createLogger('main');

/** Opens the relay, runs `before` (push, requeue, or nothing), waits until the queue is empty, closes. */
async function relayUntilEmpty(before: (relay: EventRelay) => Promise<unknown>): Promise<void> {
  const flaky = createFlakyService<DoorEvent>({
    failureRate: Number(values['failure-rate']),
    delayMs: Number(values.delay),
    random: values.seed === undefined ? Math.random : seededRandom(Number(values.seed)),
  });
  const remoteLog = values['remote-log'];
  // The remote service's own record, written the moment it accepts an event: it survives a kill -9 of
  // this process, so a test can count what the remote service really received.
  const remote = async (event: DoorEvent) => {
    await flaky(event);
    if (remoteLog) appendFileSync(remoteLog, `${event.id}\n`);
  };
  const relay = await openEventRelay({
    location,
    remote,
    log: createLogger('worker'),
    maxAttempts: Number(values['max-attempts']),
    // Small delays so the demo takes seconds: 50 ms, 100 ms, 200 ms, ... at most 400 ms.
    backoff: { initialDelay: 50, maxDelay: 400 },
  });
  const tally = { relayed: 0, deadLettered: 0, retries: 0 };
  relay.queue.on('done', () => tally.relayed++);
  relay.queue.on('retry', () => tally.retries++);
  relay.queue.on('dead-letter', (letter) => {
    tally.deadLettered++;
    log(
      'event %s failed %d times: moved to the dead letters as job %s (last error: %s)',
      letter.payload.id,
      letter.attempts,
      letter.id,
      letter.lastError,
    );
  });
  relay.queue.on('duplicate', ({ id }) =>
    log('level-jobs started job %s a second time while it ran: joined the running attempt', id),
  );
  relay.queue.on('error', (err) => log.error('queue error: %s', err.message));

  try {
    const left = await queueState(relay.db);
    log('database: %s', shortPath(location));
    if (left.queued.length + left.running.length > 0)
      log('%d job(s) left from an earlier run: they go first', left.queued.length + left.running.length);
    await before(relay);
    await relay.queue.whenEmpty();
  } finally {
    await relay.close();
  }
  log(
    'queue empty: %d relayed, %d dead-lettered, %d retries. Database closed.',
    tally.relayed,
    tally.deadLettered,
    tally.retries,
  );
  if (tally.deadLettered > 0) log('see them with: npm run chapter:2 -- dead-letters');
}

async function main(): Promise<void> {
  if (values.help) return void console.log(USAGE);
  switch (command) {
    case 'demo':
      return relayUntilEmpty((relay) =>
        pushDoorEvents(relay.queue, createLogger('producer'), Number(values.events)),
      );
    case 'article':
      return runArticleDemo(log, values.db);
    case 'crash-demo': {
      // The remote service's options go to both processes.
      const passOn = ['failure-rate', 'delay', 'seed', 'max-attempts', 'events'] as const;
      return runCrashDemo(
        log,
        values.db,
        passOn.flatMap((name) => (values[name] === undefined ? [] : [`--${name}`, String(values[name])])),
      );
    }
    case 'work':
      return relayUntilEmpty(async () => {});
    case 'dead-letters':
      return listDeadLetters(location, log);
    case 'requeue':
      return relayUntilEmpty((relay) => requeueDeadLetters(relay.queue, target, log));
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main().catch((err: Error) => {
  // Errors we expect (bad input, a locked or unwritable directory) are one line; anything else, a stack.
  const expected = [DatabaseOpenError, PayloadError, UnknownDeadLetterError, UsageError, RangeError].some(
    (type) => err instanceof type,
  );
  log.error(expected ? err.message : (err.stack ?? String(err)));
  if (err instanceof UsageError) console.error(`\n${USAGE}`);
  process.exitCode = 1;
});
