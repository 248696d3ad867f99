// What the three command-line scripts share: run when started directly, report any failure as one line
// on stderr with a non-zero exit (no stack trace), parse numeric options strictly, and stop on Ctrl-C.
import { pathToFileURL } from 'node:url';
import type { Logger } from '../common/log.ts';

/** True when `import.meta.url` belongs to the file node was started with (`tsx 04-rabbitmq/worker.ts`). */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === importMetaUrl;
}

export function runCli(log: Logger, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    log.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}

/** `--count 10` -> 10; `--count ten` is an error that names the option. */
export function integerOption(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}, got "${value}"`);
  return n;
}

/**
 * The first Ctrl-C (or SIGTERM) asks to stop after the current message; a second one exits at once
 * (the broker then redelivers whatever was not acked).
 */
export function stopOnSignals(log: Logger): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      log(`${signal} again: exiting now; unacked messages go back to the queue`);
      process.exit(130);
    }
    log(`${signal}: stopping after the current message`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
