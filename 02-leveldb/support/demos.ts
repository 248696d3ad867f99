// The two demonstrations the chapter page walks through, each with real child processes and a real
// kill -9, on a directory of its own that is wiped first:
//   npm run chapter:2 -- article      the article's version stalls on a job that always fails
//   npm run chapter:2 -- crash-demo   the hardened queue survives a kill -9 and finishes in a new process
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../common/log.ts';
import { spawnScript } from '../../common/process.ts';
import type { DoorEvent } from '../worker.ts';
import { shortPath } from './cli.ts';
import { readQueueState } from './inspect.ts';

const ARTICLE = new URL('../article.ts', import.meta.url);
const MAIN = new URL('../main.ts', import.meta.url);
const SEEDED = fileURLToPath(new URL('./seeded-random.ts', import.meta.url));
const indent = (line: string) => console.log(`   ${line}`);

/** Runs article.ts on `dir` (wiped first) until it gives up, then again, killed with kill -9. */
export async function runArticleDemo(log: Logger, dir: string, seed?: number): Promise<void> {
  const db = await emptied(dir);
  // The seed reaches the article's Math.random through support/seeded-random.ts.
  const options = {
    args: [db],
    echo: indent,
    nodeArgs: ['--import', 'tsx', '--import', SEEDED],
    env: { ARTICLE_SEED: seed === undefined ? '' : String(seed) },
  };
  log("1. the article's version (article.ts) on a fresh database: %s", shortPath(db));
  await spawnScript(ARTICLE, options).exited;
  const left = await showDisk(log, db, '2. it gave up and exited');
  log('3. run it again on the same directory (it pushes its ten events again), and kill -9 it once it runs');
  const second = spawnScript(ARTICLE, options);
  await second.waitForLine(/event \d+/);
  await second.kill('SIGKILL');
  await showDisk(
    log,
    db,
    '4. after kill -9',
    (waiting) => `${left} from the first run, ${waiting - left} new`,
  );
  log(
    'The jobs survive a kill -9, but one job that always fails stops every job behind it, ' +
      'after every restart.',
  );
}

/**
 * Runs the story on `dir` (wiped first) in a child process, kills it with kill -9 while a job is in flight,
 * finishes the queue in a new process, then counts: every event pushed before the kill must be relayed
 * (the remote service's own record says so) or dead-lettered (the database says so).
 */
export async function runCrashDemo(log: Logger, dir: string, options: string[]): Promise<void> {
  const db = await emptied(dir);
  const remoteLog = path.join(db, 'remote-service.log'); // the remote service's own record
  const args = ['--db', db, '--remote-log', remoteLog, ...options];
  log('1. the story starts in a child process, on a fresh database: %s', shortPath(db));
  // Kill it while a job is certainly in flight: right after one of its attempts failed (it is waiting
  // for its retry), once a few events are done. If none fails for a while, kill it after 7 events.
  let finished = 0;
  let reachKillPoint = () => {};
  const killPoint = new Promise<void>((resolve) => (reachKillPoint = resolve));
  const pushed = new Set<number>();
  const first = spawnScript(MAIN, {
    args,
    echo(line) {
      indent(line);
      const sent = /\[x\] Sent event (\d+)/.exec(line);
      if (sent) pushed.add(Number(sent[1]));
      if (/successfully relayed|moved to the dead letters/.test(line)) finished++;
      const failed = /Error processing event \d+ \(attempt (\d+) of (\d+)\)/.exec(line);
      if ((finished >= 3 && failed !== null && Number(failed[1]) < Number(failed[2])) || finished >= 7)
        reachKillPoint();
    },
  });
  const ended = first.exited.then(() =>
    Promise.reject(new Error('the child process ended before we could kill it; its output is above')),
  );
  await Promise.race([killPoint, ended]);
  await first.kill('SIGKILL');
  log('2. kill -9 %d: no clean-up, no goodbye, the database left open', first.process.pid);
  await showDisk(log, db, '3. on disk');

  log('4. a new process on the same directory: npm run chapter:2 -- work --db %s', shortPath(db));
  const second = spawnScript(MAIN, { args: ['work', ...args], echo: indent });
  const { code } = await second.exited;
  if (code !== 0) throw new Error(`the second process failed (exit code ${code}); its output is above`);

  const accepted = (await readFile(remoteLog, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map(Number);
  const dead = new Set((await readQueueState<DoorEvent>(db)).deadLetters.map((l) => l.payload.id));
  const relayed = [...pushed].filter((id) => accepted.includes(id));
  const lost = [...pushed].filter((id) => !accepted.includes(id) && !dead.has(id));
  const twice = new Set(accepted.filter((id, i) => accepted.indexOf(id) !== i));
  log(
    "5. counted: %d of %d events relayed (the remote service's own record), %d dead-lettered, %d lost; " +
      '%d delivered twice%s',
    relayed.length,
    pushed.size,
    dead.size,
    lost.length,
    twice.size,
    twice.size > 0 ? ` (event $[...twice].join(', '): at-least-once)` : '',
  );
  if (lost.length > 0) throw new Error(`events lost: ${lost.join(', ')}`);
}

async function emptied(dir: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  return path.resolve(dir);
}

/** Prints what waits and what was started on disk; returns how many wait. */
async function showDisk(
  log: Logger,
  location: string,
  when: string,
  explain?: (waiting: number) => string,
): Promise<number> {
  const { queued, running } = await readQueueState<DoorEvent>(location);
  const why = explain ? ` (${explain(queued.length)})` : '';
  log('%s: %d job(s) waiting%s, %d started and not finished', when, queued.length, why, running.length);
  for (const job of running)
    log('   event %d was started and never finished: it runs first on the next start', job.payload.id);
  return queued.length;
}
