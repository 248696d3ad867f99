// `npm run chapter:1 -- crash`: the article's queue in a home controller of its own (support/home.ts),
// killed with SIGKILL while commands wait in it, then started again. The device's journal, a file outside
// the process, says which commands really happened.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../common/log.ts';
import { spawnScript } from '../../common/process.ts';

const main = new URL('../main.ts', import.meta.url);

export async function crash(dataDir: string, log: Logger): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const journal = join(dataDir, 'crash-demo.jsonl');
  rmSync(journal, { force: true });
  const home = (...args: string[]) =>
    spawnScript(main, {
      args: ['home', '--worker', 'article', '--journal', journal, ...args],
      // The children's lines go to this terminal as they come, so the reader sees both processes.
      echo: (line) => console.log(line),
    });

  log("Starting a home controller on the article's queue, with 8 slow commands...");
  const first = home('--push', '8', '--latency', '150');
  // Let two commands reach the device, then pull the plug: SIGKILL, no chance to clean up.
  await first.waitForLine(/\[\.\] 'lights off'/);
  await first.kill('SIGKILL');
  log('kill -9 sent. The process is gone, and so is everything its queue held.');

  log('Starting it again, with nothing new to push...');
  await home('--push', '0').exited;

  const done = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean).length : 0;
  log('The device carried out %d of 8 commands (its journal: %s); %d were lost.', done, journal, 8 - done);
  log('Chapter 2 keeps the queue on disk, so a restart picks up where the crash left off.');
}
