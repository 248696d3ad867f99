// Chapter 1, the story: `npm run chapter:1` (`npm run chapter:1 -- --help` lists every mode).
// An in-memory queue (queue.ts) in front of a device whose link breaks (device.ts), worked by the fixed
// worker (worker.ts). The story plays the page's three steps in order; each step is a mode of its own.
// Then the other modes: the article's listing, the crash, a home controller to kill, and reset.
import { Device, type Command } from './device.ts';
import { createWorker } from './worker.ts';
import { createQueue } from './queue.ts';
import { pushCommands } from './producer.ts';
import { createLogger } from '../common/log.ts';
import { parseArgs } from './support/cli.ts';
import { runHome } from './support/home.ts';
import { crash } from './support/crash.ts';
import { reset } from './support/reset.ts';

const log = createLogger('main');
const producer = createLogger('producer');
const kitchen = (command: string): Command => ({ command, options: { room: 'kitchen' } });

/** A fresh device and the chapter's queue in front of it; the worker's lines print as [worker]. */
function house() {
  const device = new Device({ latencyMs: 30 });
  const queue = createQueue(createWorker(device, { reconnectDelayMs: 150, log: createLogger('worker') }));
  return { device, queue };
}

// ---- The story: the page's three steps ----

/** Step 1: an outage. The worker pauses between connect attempts instead of spinning. */
async function outage(): Promise<void> {
  const { device, queue } = house();
  await pushCommands(queue, [kitchen('lights on')], producer);
  log('The device goes offline for 0.5 s.');
  const before = device.connectAttempts;
  device.goOffline();
  setTimeout(() => device.goOnline(), 500);
  await pushCommands(queue, [kitchen('lights off')], producer);
  log('%d connect attempts to get back, the last one good.', device.connectAttempts - before);
}

/** Step 2: the link breaks before a command reaches the device, then after the device carried one out. */
async function lostLink(): Promise<void> {
  const { device, queue } = house();
  await pushCommands(queue, [kitchen('lights on')], producer);
  log('The link breaks before "door lock" reaches the device.');
  device.dropConnection();
  await pushCommands(queue, [{ command: 'door lock' }], producer);
  log('The link breaks after the device closed the blinds, before its reply.');
  device.loseNextReply();
  await pushCommands(queue, [{ command: 'blinds close' }], producer);
  for (const command of ['door lock', 'blinds close']) {
    const count = (list: Command[]) => list.filter((c) => c.command === command).length;
    log('"%s": sent %d times, carried out %d.', command, count(device.received), count(device.done));
  }
  log('The house: %s.', [...device.state].map(([thing, state]) => `${thing} ${state}`).join(', '));
}

/** Step 3: a command the device refuses. No retry: the error goes back to the producer. */
async function refused(): Promise<void> {
  const { device, queue } = house();
  await pushCommands(queue, [{ command: 'make coffee' }, kitchen('lights on')], producer);
  const sent = device.received.filter((c) => c.command === 'make coffee').length;
  log('"make coffee" was sent %d time; the next command ran.', sent);
}

async function story(): Promise<void> {
  log('Step 1: an outage. The device is unreachable for 0.5 s.');
  await outage();
  log('Step 2: a broken link. The worker sends the command again on a fresh connection.');
  await lostLink();
  log('Step 3: a command the device refuses.');
  await refused();
  log("The queue lives in this process's memory. See what a crash does: npm run chapter:1 -- crash");
}

// ---- The other modes ----

/** The article's listing (article.ts), driven through its own push(). */
async function article(): Promise<void> {
  const { push, domotic } = await import('./article.ts');
  const pushed = (command: string, options: Record<string, unknown> = {}) =>
    new Promise<void>((resolve) => {
      push(command, options, (err, result) => {
        if (err) producer.error(' [!] "%s" failed: %s', command, err.message);
        else producer(" [.] '%s' -> %s", command, result);
        resolve();
      });
      producer(" [x] Queued '%s'", command);
    });

  log("1. The article's queue: three commands pushed at once, done one at a time, in order.");
  await Promise.all([
    pushed('lights on', { room: 'kitchen' }),
    pushed('thermostat set'),
    pushed('blinds close'),
  ]);

  log('2. The connection drops: the command fails with ECONN, and the worker sends it again.');
  domotic.dropConnection();
  await pushed('door lock');
  const times = (list: Command[]) => list.filter((c) => c.command === 'door lock').length;
  log(
    'The device received "door lock" %d times and carried it out %d time.',
    times(domotic.received),
    times(domotic.done),
  );

  log("3. A 0.3 s outage: the article's ensureConnected tries again at once, every time it fails.");
  const before = domotic.connectAttempts;
  domotic.goOffline();
  setTimeout(() => domotic.goOnline(), 300);
  await pushed('lights off', { room: 'kitchen' });
  log('%d connect attempts in 0.3 s, with no pause between them.', domotic.connectAttempts - before);
}

// ---- Dispatch ----

const args = parseArgs();
switch (args.mode) {
  case 'story':
    await story();
    break;
  case 'outage':
    await outage();
    break;
  case 'lost-link':
    await lostLink();
    break;
  case 'refused':
    await refused();
    break;
  case 'article':
    await article();
    break;
  case 'crash':
    await crash(args.data, log);
    break;
  case 'home':
    await runHome(args.home);
    break;
  case 'reset': {
    const removed = reset(args.data);
    if (removed.length === 0)
      log('Nothing to remove: chapter 1 keeps its queue in memory, and %s holds no journal.', args.data);
    for (const path of removed) log('removed %s', path);
    break;
  }
}
