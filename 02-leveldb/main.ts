// Chapter 2, the story: npm run chapter:2. Ten `door opened` events go into a queue on disk, a worker
// relays them to a remote service that fails half the time, and the process exits once each event is
// relayed or dead-lettered. Then the modes (`npm run chapter:2 -- --help` lists them and the options),
// and at the bottom the dispatch.
import { appendFileSync } from 'node:fs';
import { errorMessage } from '../common/errors.ts';
import { createFlakyService } from '../common/flaky-service.ts';
import { createLogger } from '../common/log.ts';
import { seededRandom } from '../common/random.ts';
import { pushDoorEvents } from './producer.ts';
import { listDeadLetters, requeueDeadLetters } from './support/commands.ts';
import { dataDirectory, type Mode, parseSettings, remoteServiceArgs, shortPath } from './support/cli.ts';
import { DatabaseOpenError } from './support/database.ts';
import { UnknownDeadLetterError } from './support/dead-letters.ts';
import { runArticleDemo, runCrashDemo } from './support/demos.ts';
import { queueState } from './support/inspect.ts';
import { PayloadError } from './support/payload.ts';
import { reset } from './support/reset.ts';
import { type DoorEvent, type EventRelay, openEventRelay } from './worker.ts';

const settings = parseSettings();
const location = settings.db ?? dataDirectory('events');
const log = createLogger('main');

/** The story: push the events, relay them, close the database once the queue is empty. */
function story(): Promise<void> {
  return relayUntilEmpty((relay) => pushDoorEvents(relay.queue, createLogger('producer'), settings.events));
}

/** Opens the relay, runs `before` (push, requeue, or nothing), waits until the queue is empty, closes. */
async function relayUntilEmpty(before: (relay: EventRelay) => Promise<unknown>): Promise<void> {
  const { failureRate, delayMs, seed, remoteLog } = settings;
  const random = seed === undefined ? Math.random : seededRandom(seed);
  const flaky = createFlakyService<DoorEvent>({ failureRate, delayMs, random });
  // The remote service's own record, written the moment it accepts an event: it survives a kill -9 of
  // this process, so the crash demo and the tests can count what the remote service really received.
  const remote = async (event: DoorEvent) => {
    await flaky(event);
    if (remoteLog) appendFileSync(remoteLog, `${event.id}\n`);
  };
  const relay = await openEventRelay({
    location,
    remote,
    log: createLogger('worker'),
    maxAttempts: settings.maxAttempts,
    backoff: { initialDelay: 50, maxDelay: 400 }, // so the story takes seconds: 50 ms, 100 ms, ... 400 ms
  });
  const tally = { relayed: 0, deadLettered: 0, retries: 0 };
  relay.queue.on('done', () => tally.relayed++);
  relay.queue.on('retry', () => tally.retries++);
  relay.queue.on('dead-letter', ({ payload, attempts, id, lastError }) => {
    tally.deadLettered++;
    log(
      'event %s failed %d times: moved to the dead letters as job %s (%s)',
      payload.id,
      attempts,
      id,
      lastError,
    );
  });
  relay.queue.on('duplicate', ({ id }) => log('job %s started a second time while it ran: joined', id));
  relay.queue.on('error', (err) => log.error('queue error: %s', err.message));
  try {
    const left = await queueState(relay.db);
    log('pid %d, database %s', process.pid, shortPath(location));
    const earlier = left.queued.length + left.running.length;
    if (earlier > 0) log('%d job(s) left from an earlier run: they go first', earlier);
    await before(relay);
    await relay.queue.whenEmpty();
  } finally {
    await relay.close();
  }
  const { relayed, deadLettered, retries } = tally;
  log(
    'queue empty: %d relayed, %d dead-lettered, %d retries. Database closed.',
    relayed,
    deadLettered,
    retries,
  );
  const db = settings.db === undefined ? '' : ` --db ${shortPath(location)}`;
  if (deadLettered > 0) log('see them with: npm run chapter:2 -- dead-letters%s', db);
}

// ---- The modes --------------------------------------------------------------------------------------
const modes: Record<Mode, () => Promise<void>> = {
  story,
  article: () => runArticleDemo(log, settings.db ?? dataDirectory('article'), settings.seed),
  'crash-demo': () =>
    runCrashDemo(log, settings.db ?? dataDirectory('crash-demo'), remoteServiceArgs(settings)),
  work: () => relayUntilEmpty(async () => {}),
  'dead-letters': () => listDeadLetters(location, log),
  requeue: () => relayUntilEmpty((relay) => requeueDeadLetters(relay.queue, settings.target ?? '', log)),
  reset: () => reset(log),
};

// ---- Dispatch ---------------------------------------------------------------------------------------
modes[settings.mode]().catch((err: unknown) => {
  // What a reader can act on (a locked or unwritable directory, a bad payload, an unknown dead letter)
  // is one line; anything else is a bug, and gets its stack.
  const expected = [DatabaseOpenError, PayloadError, UnknownDeadLetterError].some(
    (type) => err instanceof type,
  );
  if (expected) log.error(errorMessage(err));
  else log.error(err instanceof Error && err.stack ? err.stack : errorMessage(err));
  process.exitCode = 1;
});
