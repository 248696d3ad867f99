// Read a program's command line in this process: the same parse function the program calls first with
// process.argv (common/cli.ts underneath), with its writes to stdout/stderr and its process.exit caught.
// A spawned `node --import tsx program.ts --help` costs about 0.4 s of CPU, mostly tsx starting; each
// program's tests still spawn it once for --help and once for wrong usage (that proves the program calls
// its parser before anything else), and check every other mode and option here, in a millisecond each.

/** What the program would have printed, and its exit code; `code` is null when it went on to run. */
export interface CommandLineResult<T> {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr. */
  output: string;
  lines: string[];
  /** What the parse function returned, when it did not exit. */
  value: T | undefined;
}

class Exit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

/** Calls `parse(argv)` as the program would; --help (exit 0) and wrong usage (exit 2) come back here. */
export function readCommandLine<T>(parse: (argv: string[]) => T, argv: string[]): CommandLineResult<T> {
  const writes = { stdout: '', stderr: '' };
  const saved = { exit: process.exit, out: process.stdout.write, err: process.stderr.write };
  process.exit = ((code?: number) => {
    throw new Exit(code ?? 0);
  }) as typeof process.exit;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    writes.stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    writes.stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  let code: number | null = null;
  let value: T | undefined;
  try {
    value = parse(argv);
  } catch (err) {
    if (!(err instanceof Exit)) throw err;
    code = err.code;
  } finally {
    process.exit = saved.exit;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
  const output = `${writes.stdout}${writes.stderr}`;
  return { code, ...writes, output, lines: output.split('\n').filter((l) => l !== ''), value };
}
