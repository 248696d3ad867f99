// A child process for crash tests: the chapter's story (ten events, the relay worker, the flaky remote
// service) that kills itself with SIGKILL the moment its worker logs a line matching --die-at. The
// line is written first (stdout is synchronous on a pipe), then the process dies on the spot: no
// other code of the queue runs after it, which a kill sent from outside could not promise.
//   tsx dies-at-a-line.ts --db DIR --remote-log FILE --seed N --die-at 'attempt 4 of 4'
import { appendFileSync } from 'node:fs';
import { format, parseArgs } from 'node:util';
import { createFlakyService } from '../../../common/flaky-service.ts';
import { createLogger, silentLogger } from '../../../common/log.ts';
import { seededRandom } from '../../../common/random.ts';
import { pushDoorEvents } from '../../producer.ts';
import { openEventRelay, type DoorEvent } from '../../worker.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    'remote-log': { type: 'string' },
    seed: { type: 'string', default: '12' },
    'failure-rate': { type: 'string', default: '0.6' },
    'max-attempts': { type: 'string', default: '4' },
    'die-at': { type: 'string' },
  },
});
if (!values.db || !values['remote-log'] || !values['die-at'])
  throw new Error('--db, --remote-log and --die-at are required');
const dieAt = new RegExp(values['die-at']);
const remoteLog = values['remote-log'];

const printed = createLogger('worker');
const log = Object.assign(
  (message: string, ...args: unknown[]) => {
    printed(message, ...args);
    if (dieAt.test(format(message, ...args))) process.kill(process.pid, 'SIGKILL');
  },
  { error: printed.error },
);

const flaky = createFlakyService<DoorEvent>({
  failureRate: Number(values['failure-rate']),
  delayMs: 1,
  random: seededRandom(Number(values.seed)),
});
const relay = await openEventRelay({
  location: values.db,
  remote: async (event) => {
    await flaky(event);
    appendFileSync(remoteLog, `${event.id}\n`);
  },
  log,
  maxAttempts: Number(values['max-attempts']),
  backoff: { initialDelay: 50, maxDelay: 400 }, // as in main.ts
});
await pushDoorEvents(relay.queue, silentLogger(), 10);
await relay.queue.whenEmpty();
await relay.close();
printed('finished without reaching the line: %s', values['die-at']);
