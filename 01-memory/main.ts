// Chapter 1, the whole story: npm run chapter:1
//   npm run chapter:1            an in-memory queue in front of a device whose connection breaks
//   npm run chapter:1 -- crash   kill -9 a process with commands still queued, and count what was lost
import { readFileSync, existsSync } from 'node:fs';
import { Device } from './device.ts';
import { createWorker } from './worker.ts';
import { createQueue } from './queue.ts';
import { pushCommands } from './producer.ts';
import { createLogger } from '../common/log.ts';
import { spawnScript, type Child } from '../common/process.ts';
import { waitFor } from '../common/time.ts';
import { makeTempDir } from '../common/testing/temp-dir.ts';

const log = createLogger('main');

async function story(): Promise<void> {
  const device = new Device({ latencyMs: 30 });
  const queue = createQueue(createWorker(device, { reconnectDelayMs: 150, log: createLogger('worker') }));
  const producer = createLogger('producer');

  log('1. Three commands pushed at once: the queue hands them to the worker one at a time, in order.');
  await pushCommands(queue, [
    { command: 'lights on', options: { room: 'kitchen' } },
    { command: 'thermostat set', options: { celsius: 21 } },
    { command: 'blinds close' },
  ], producer);

  log('2. The connection drops. The next command fails with ECONN; the worker reconnects and retries it.');
  device.dropConnection();
  await pushCommands(queue, [{ command: 'door lock' }], producer);

  log('3. An outage: the device is unreachable for 0.5 s. The worker waits between connect attempts.');
  device.goOffline();
  setTimeout(() => device.goOnline(), 500);
  await pushCommands(queue, [{ command: 'lights off', options: { room: 'kitchen' } }], producer);

  log('4. A command the device rejects: not a connection problem, so no retry; the error reaches its callback.');
  await pushCommands(queue, [{ command: 'make coffee' }], producer);

  log('Done: the device carried out %d commands, after %d connect attempts.', device.done.length, device.connectAttempts);
  log('The queue lives in this process\'s memory. See what a crash does: npm run chapter:1 -- crash');
}

async function crash(): Promise<void> {
  const { dir, remove } = await makeTempDir('chapter1-');
  const journal = `${dir}/device.jsonl`;
  const home = new URL('./home.ts', import.meta.url);
  try {
    log('Starting a home controller that queues 8 slow commands...');
    const first = spawnScript(home, { args: ['--push', '8', '--latency', '150', '--journal', journal] });
    first.process.stdout?.pipe(process.stdout);
    // Let two commands reach the device, then pull the plug: SIGKILL, no chance to clean up.
    await waitForDone(first, 2);
    await first.kill('SIGKILL');
    log('kill -9 sent. The process is gone, and so is everything its queue held.');

    log('Starting it again, with nothing new to push...');
    const second = spawnScript(home, { args: ['--push', '0', '--journal', journal] });
    second.process.stdout?.pipe(process.stdout);
    await second.exited;

    const carriedOut = existsSync(journal) ? readFileSync(journal, 'utf8').trim().split('\n').filter(Boolean).length : 0;
    log('The device carried out %d of 8 commands; %d were lost with the crash.', carriedOut, 8 - carriedOut);
    log('Chapter 2 keeps the queue on disk, so a restart picks up where the crash left off.');
  } finally {
    await remove();
  }
}

/** Waits until the child has reported `n` finished commands (its ` [.] ` lines). */
function waitForDone(child: Child, n: number): Promise<boolean> {
  return waitFor(`${n} finished commands`, () => child.lines.filter((l) => l.includes(' [.] ')).length >= n, { timeoutMs: 15_000 });
}

const mode = process.argv[2] ?? 'story';
if (mode === 'story') await story();
else if (mode === 'crash') await crash();
else {
  console.error(`Unknown mode "${mode}". Use: npm run chapter:1 [-- crash]`);
  process.exitCode = 1;
}
