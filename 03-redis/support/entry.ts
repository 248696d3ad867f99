// What the chapter's two command-line scripts (server.ts, worker.ts) share: knowing they were started
// directly, and stopping on Ctrl-C or SIGTERM.
import { pathToFileURL } from 'node:url';

/** True when `import.meta.url` belongs to the file node was started with (`tsx 03-redis/worker.ts`). */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === importMetaUrl;
}

/** Calls `stop` once, on the first Ctrl-C (SIGINT) or SIGTERM. */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (!stopping) stop(signal);
      stopping = true;
    });
  }
}
