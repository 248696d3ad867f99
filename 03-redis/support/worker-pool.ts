// Starts the story's processes the way a reader would in separate terminals (`npx tsx 03-redis/worker.ts`),
// and passes every line they print through to this terminal, so the story shows them as they happen.
import { spawnScript, type Child } from '../../common/process.ts';

/** Starts the sign-up server as a process and resolves with its URL once it listens. */
export async function startServerProcess(
  env: Record<string, string>,
): Promise<{ child: Child; url: string }> {
  const child = spawnScript(new URL('../server.ts', import.meta.url), {
    env: { PORT: '0', ...env },
    echo: passThrough,
  });
  const line = await child.waitForLine(/listening on (http\S+)/, 60_000);
  return { child, url: /listening on (http\S+)/.exec(line)![1]! };
}

/** Starts `count` worker processes, WORKER_ID 1..count, and resolves once each is waiting for jobs. */
export async function startWorkerPool(count: number, env: Record<string, string>): Promise<Child[]> {
  const workers = Array.from({ length: count }, (_, i) =>
    spawnScript(new URL('../worker.ts', import.meta.url), {
      env: { WORKER_ID: String(i + 1), ...env },
      echo: passThrough,
    }),
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
