// The two demonstrations the chapter page walks through, each with real child processes and a real
// kill -9, on a directory of its own that is wiped first:
//   npm run chapter:2 -- article      the article's version stalls on a job that always fails
//   npm run chapter:2 -- crash-demo   the hardened queue survives a kill -9 and finishes in a new process
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnScript } from '../common/process.ts';
import type { Logger } from '../common/log.ts';
import type { DoorEvent } from './worker.ts';
import { shortPath } from './support/commands.ts';
import { openDatabase } from './support/database.ts';
import { queueState } from './support/inspect.ts';

const ARTICLE = new URL('./article.ts', import.meta.url);
const MAIN = new URL('./main.ts', import.meta.url);
const indent = (line: string) => console.log(`   ${line}`);

/** `dir` (wiped first) defaults to .data/02-leveldb/article. */
export async function runArticleDemo(log: Logger, dir?: string): Promise<void> {
  const db = await emptied(dir ?? dataDirectory('article'));
  log("1. the article's version (article.ts) on a fresh database: %s", shortPath(db));
  const first = spawnScript(ARTICLE, { args: [db], echo: indent });
  await first.exited;
  await showDisk(log, db, '2. it gave up and exited');
  log('3. run it again on the same directory, and kill -9 it as soon as it has started');
  const second = spawnScript(ARTICLE, { args: [db], echo: indent });
  await second.waitForLine(/event \d+/);
  await second.kill('SIGKILL');
  await showDisk(log, db, '4. after kill -9');
  log(
    'The jobs survive a kill -9, but one job that always fails stops every job behind it, after every ' +
      'restart.',
  );
}

/**
 * `dir` (wiped first) defaults to .data/02-leveldb/crash-demo; `options` go to both processes, e.g.
 * ['--seed', '7'].
 */
export async function runCrashDemo(log: Logger, dir?: string, options: string[] = []): Promise<void> {
  const db = await emptied(dir ?? dataDirectory('crash-demo'));
  log('1. the story starts in a child process, on a fresh database: %s', shortPath(db));
  // Kill it while a job is certainly in flight: right after one of its attempts failed (it is waiting
  // for its retry), once a few events are done. If none fails for a while, kill it after 7 events.
  let finished = 0;
  let reachKillPoint = () => {};
  const killPoint = new Promise<void>((resolve) => (reachKillPoint = resolve));
  const first = spawnScript(MAIN, {
    args: ['--db', db, ...options],
    echo(line) {
      indent(line);
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
  const second = spawnScript(MAIN, { args: ['work', '--db', db, ...options], echo: indent });
  const { code } = await second.exited;
  if (code !== 0) throw new Error(`the second process failed (exit code ${code}); its output is above`);
  log('every event pushed before the crash was relayed or dead-lettered. Nothing was lost.');
}

const dataDirectory = (name: string) =>
  fileURLToPath(new URL(`../.data/02-leveldb/${name}`, import.meta.url));

async function emptied(dir: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  return path.resolve(dir);
}

async function showDisk(log: Logger, location: string, when: string): Promise<void> {
  const db = await openDatabase(location);
  const { queued, running } = await queueState<DoorEvent>(db);
  await db.close();
  log('%s: %d job(s) waiting, %d started and not finished', when, queued.length, running.length);
  for (const job of running)
    log('   event %d was started and never finished: it runs first on the next start', job.payload.id);
}
