// Drops stdout lines that match a pattern, for chapter code whose per-job log lines cannot be turned
// off: a benchmark of 2,000 jobs must not print 4,000 lines. Everything else passes through untouched.
const muted: RegExp[] = [];
let original: typeof process.stdout.write | undefined;

export function muteLinesFrom(pattern: RegExp): () => void {
  if (!original) {
    original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      if (muted.some((m) => m.test(text))) return true;
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  }
  muted.push(pattern);
  return () => {
    const i = muted.indexOf(pattern);
    if (i >= 0) muted.splice(i, 1);
  };
}
