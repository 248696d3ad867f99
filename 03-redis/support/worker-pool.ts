// Starts the story's processes the way a reader would in separate terminals (`npm run chapter:3 --
// server`, `... worker --id 1`), passes every line they print through to this terminal, and sums up
// what happened at the end.
import type { Logger } from '../../common/log.ts';
import { spawnScript, type Child } from '../../common/process.ts';
import type { Receiver } from './receiver.ts';

const MAIN = new URL('../main.ts', import.meta.url);

/** Starts the sign-up server as a process (on a free port) and resolves with its URL once it listens. */
export async function startServerProcess(args: string[]): Promise<{ child: Child; url: string }> {
  const child = spawnScript(MAIN, { args: ['server', '--port', '0', ...args], echo: passThrough });
  try {
    const line = await child.waitForLine(/listening on (http\S+)/, 60_000);
    return { child, url: /listening on (http\S+)/.exec(line)?.[1] ?? '' };
  } catch (err) {
    await child.kill();
    throw err;
  }
}

/** Starts `count` worker processes, --id 1..count, and resolves once each is waiting for jobs. */
export async function startWorkerPool(count: number, args: string[]): Promise<Child[]> {
  const workers = Array.from({ length: count }, (_, i) =>
    spawnScript(MAIN, { args: ['worker', '--id', String(i + 1), ...args], echo: passThrough }),
  );
  try {
    await Promise.all(workers.map((w) => w.waitForLine(/ready: waiting for jobs/, 60_000)));
  } catch (err) {
    await Promise.all(workers.map((w) => w.kill()));
    throw err;
  }
  return workers;
}

function passThrough(line: string, stream: 'stdout' | 'stderr') {
  (stream === 'stdout' ? process.stdout : process.stderr).write(`${line}\n`);
}

/** The story's last lines: who delivered what, how many calls failed, which jobs were given up. */
export async function summary(
  log: Logger,
  receiver: Receiver,
  failed: string[],
  failedKey: string,
  queued: number,
) {
  log('--- summary ---');
  for (let id = 1; id <= 3; id++) {
    const jobs = [...receiver.delivered.values()].filter((c) => c.deliveredBy === `worker ${id}`);
    log('worker %d delivered %d: %s', id, jobs.length, jobs.map((c) => c.eventId).join(', ') || '-');
  }
  const failures = receiver.calls.filter((c) => c.status !== undefined && c.status >= 300);
  log(
    '%d calls to the receiver, %d failed; %d jobs delivered of %d queued',
    receiver.calls.length,
    failures.length,
    receiver.delivered.size,
    queued,
  );
  const givenUp = failed.map((entry) => JSON.parse(entry).job.json.eventId);
  log('%d given up after 2 attempts, kept in %j: %s', givenUp.length, failedKey, givenUp.join(', ') || '-');
  log("see them yourself: redis-cli lrange '%s' 0 -1", failedKey);
}
