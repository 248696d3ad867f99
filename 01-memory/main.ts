// Chapter 1, the whole story: npm run chapter:1
//   npm run chapter:1              an in-memory queue in front of a device whose connection breaks
//   npm run chapter:1 -- article   the article's listing (article.ts): a dropped connection, then an outage
//   npm run chapter:1 -- crash     kill -9 a process with commands still queued, and count what was lost
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Device } from './device.ts';
import { createWorker } from './worker.ts';
import { createQueue } from './queue.ts';
import { pushCommands } from './producer.ts';
import { createLogger } from '../common/log.ts';
import { spawnScript, type Child } from '../common/process.ts';
import { waitFor } from '../common/time.ts';

const log = createLogger('main');

async function story(): Promise<void> {
  const device = new Device({ latencyMs: 30 });
  const queue = createQueue(createWorker(device, { reconnectDelayMs: 150, log: createLogger('worker') }));
  const producer = createLogger('producer');

  log('1. Three commands pushed at once: the queue hands them to the worker one at a time, in order.');
  await pushCommands(
    queue,
    [
      { command: 'lights on', options: { room: 'kitchen' } },
      { command: 'thermostat set', options: { celsius: 21 } },
      { command: 'blinds close' },
    ],
    producer,
  );

  log('2. The connection drops. The next command fails with ECONN; the worker reconnects and retries it.');
  device.dropConnection();
  await pushCommands(queue, [{ command: 'door lock' }], producer);

  log('3. An outage: the device is unreachable for 0.5 s. The worker waits between connect attempts.');
  device.goOffline();
  setTimeout(() => device.goOnline(), 500);
  await pushCommands(queue, [{ command: 'lights off', options: { room: 'kitchen' } }], producer);

  log(
    '4. A command the device rejects: not a connection problem, so no retry; the error reaches its callback.',
  );
  await pushCommands(queue, [{ command: 'make coffee' }], producer);

  log(
    'Done: the device carried out %d commands, after %d connect attempts.',
    device.done.length,
    device.connectAttempts,
  );
  log("The queue lives in this process's memory. See what a crash does: npm run chapter:1 -- crash");
}

async function article(): Promise<void> {
  const { push, domotic } = await import('./article.ts');
  const producer = createLogger('producer');
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
    pushed('thermostat set', { celsius: 21 }),
    pushed('blinds close'),
  ]);

  log('2. The connection drops: the command fails with ECONN, and the worker sends it again.');
  domotic.dropConnection();
  await pushed('door lock');
  const sent = domotic.received.filter((c) => c.command === 'door lock').length;
  log(
    'The device received "door lock" %d times and carried it out %d time.',
    sent,
    domotic.done.filter((c) => c.command === 'door lock').length,
  );

  log("3. A 0.3 s outage: the article's ensureConnected tries again at once, every time it fails.");
  const before = domotic.connectAttempts;
  domotic.goOffline();
  setTimeout(() => domotic.goOnline(), 300);
  await pushed('lights off', { room: 'kitchen' });
  log('%d connect attempts in 0.3 s, with no pause between them.', domotic.connectAttempts - before);
  log(
    'The hardened worker waits between attempts: npm run chapter:1. A crash loses the queue: npm run ' +
      'chapter:1 -- crash',
  );
}

async function crash(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chapter1-'));
  const journal = join(dir, 'device.jsonl');
  const home = new URL('./home.ts', import.meta.url);
  // The children's lines go to this terminal as they come, so the reader sees both processes.
  const echo = (line: string) => console.log(line);
  try {
    log('Starting a home controller that queues 8 slow commands...');
    const first = spawnScript(home, {
      args: ['--push', '8', '--latency', '150', '--journal', journal],
      echo,
    });
    // Let two commands reach the device, then pull the plug: SIGKILL, no chance to clean up.
    await waitForDone(first, 2);
    await first.kill('SIGKILL');
    log('kill -9 sent. The process is gone, and so is everything its queue held.');

    log('Starting it again, with nothing new to push...');
    const second = spawnScript(home, { args: ['--push', '0', '--journal', journal], echo });
    await second.exited;

    const carriedOut = existsSync(journal)
      ? readFileSync(journal, 'utf8').trim().split('\n').filter(Boolean).length
      : 0;
    log('The device carried out %d of 8 commands; %d were lost with the crash.', carriedOut, 8 - carriedOut);
    log('Chapter 2 keeps the queue on disk, so a restart picks up where the crash left off.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the child has reported `n` finished commands (its ` [.] ` lines). */
function waitForDone(child: Child, n: number): Promise<boolean> {
  return waitFor(`${n} finished commands`, () => child.lines.filter((l) => l.includes(' [.] ')).length >= n, {
    timeoutMs: 15_000,
  });
}

const mode = process.argv[2] ?? 'story';
if (mode === 'story') await story();
else if (mode === 'article') await article();
else if (mode === 'crash') await crash();
else {
  console.error(`Unknown mode "${mode}". Use: npm run chapter:1 [-- article | crash]`);
  process.exitCode = 1;
}
