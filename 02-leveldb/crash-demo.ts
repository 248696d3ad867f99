// npm run chapter:2 -- crash-demo: watch the queue survive a kill -9.
// 1. the story runs in a child process on a fresh database;  2. we kill it with SIGKILL part-way;
// 3. we look at what is on disk;  4. a new process on the same directory finishes the job.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createLogger } from '../common/log.ts';
import { openDatabase } from './database.ts';
import { queueState } from './inspect.ts';
import type { DoorEvent } from './worker.ts';

const log = createLogger('crash-demo');
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const DB = fileURLToPath(new URL('../.data/02-leveldb/crash-demo', import.meta.url));
const shown = path.relative(process.cwd(), DB);

/** `options` are passed on to both processes, e.g. ['--seed', '7']. */
export async function runCrashDemo(options: string[] = []): Promise<void> {
  await rm(DB, { recursive: true, force: true });
  log('1. the story starts in a child process, on a fresh database: %s', shown);
  const first = start(['--db', DB, ...options]);
  // Kill it while a job is certainly in flight: right after one of its attempts failed (it is waiting
  // for its retry), once a few events are done. If none fails for a while, kill it after 7 events.
  let finished = 0;
  const killed = await first.until((line) => {
    if (/successfully relayed|moved to the dead letters/.test(line)) finished++;
    const failed = /Error processing event \d+ \(attempt (\d+) of (\d+)\)/.exec(line);
    return (finished >= 3 && failed !== null && Number(failed[1]) < Number(failed[2])) || finished === 7;
  });
  if (!killed) throw new Error('the child process ended before we could kill it; its output is above');
  first.child.kill('SIGKILL');
  await first.exited;
  log('2. kill -9 %d: no clean-up, no goodbye, the database left open', first.child.pid);

  const db = await openDatabase(DB);
  const { queued, running } = await queueState<DoorEvent>(db);
  await db.close();
  log('3. on disk: %d job(s) waiting, %d started and not finished', queued.length, running.length);
  for (const job of running) log('   event %d was started and not finished when the process died: it runs again', job.payload.id);

  log('4. a new process on the same directory: npm run chapter:2 -- work --db %s', shown);
  const second = start(['work', '--db', DB, ...options]);
  const { code } = await second.exited;
  if (code !== 0) throw new Error(`the second process failed (exit code ${code}); its output is above`);
  log('every event pushed before the crash was relayed or dead-lettered. Nothing was lost.');
}

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const listeners: Array<(line: string) => void> = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      console.log(`   ${line}`);
      for (const listener of listeners) listener(line);
    });
  }
  const exited = new Promise<{ code: number | null }>((resolve) => child.once('exit', (code) => resolve({ code })));
  return {
    child,
    exited,
    /** Resolves true at the first line for which `match` is true, false if the process ends first. */
    until: (match: (line: string) => boolean) =>
      new Promise<boolean>((resolve) => {
        listeners.push((line) => match(line) && resolve(true));
        void exited.then(() => resolve(false));
      }),
  };
}
