// What the chapter's two command-line scripts (server.ts, worker.ts) share: stopping on Ctrl-C or SIGTERM.

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
