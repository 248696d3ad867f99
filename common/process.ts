// Run a chapter's script as a real child process (through tsx, as `npm run chapter:N` does), read its
// output line by line, wait for a line, and stop it with a real signal. The chapters' stories use it to
// start their workers (with `echo`, so the reader sees every process's lines); crash tests use it too.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sleep } from './time.ts';

export interface Child {
  readonly process: ChildProcess;
  /** Every stdout and stderr line so far, in arrival order. */
  readonly lines: string[];
  /** Resolves with the first line matching `pattern` (already printed or still to come). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the process has exited, with its exit code and the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal (default SIGKILL: no cleanup, no flush, like a power cut) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The polite stop: SIGTERM, then waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Called with every line of a child as it arrives; `script` is the child's file. */
export type Echo = (line: string, stream: 'stdout' | 'stderr', script: string) => void;

export interface SpawnOptions {
  args?: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Called with every line as it arrives, e.g. to pass a worker's output through to this terminal. */
  echo?: Echo;
  /** Extra arguments for node itself, before `--import tsx`, e.g. ['--expose-gc']. */
  nodeArgs?: string[];
}

let defaultEcho: Echo | undefined;

/**
 * Where the lines of children started without their own `echo` go as well. The test setup
 * (scripts/capture-direct-writes.ts) sends them to the running test's console, which vitest prints
 * only when that test fails: a passing test shows none of its processes' lines, a failing one all.
 */
export function echoChildrenTo(echo: Echo | undefined): void {
  defaultEcho = echo;
}

/** `script` is a path or a file URL, e.g. `new URL('../worker.ts', import.meta.url)`. */
export function spawnScript(
  script: string | URL,
  { args = [], env = {}, cwd, echo = defaultEcho, nodeArgs = [] }: SpawnOptions = {},
): Child {
  const file = script instanceof URL ? fileURLToPath(script) : script;
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file, ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const [name, stream] of [
    ['stdout', proc.stdout],
    ['stderr', proc.stderr],
  ] as const) {
    createInterface({ input: stream! }).on('line', (line) => {
      lines.push(line);
      echo?.(line, name, file);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const child: Child = {
    process: proc,
    lines,
    exited,
    async waitForLine(pattern, timeoutMs = 15_000) {
      const found = () => lines.find((l) => pattern.test(l));
      let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      void exited.then((result) => (ended = result));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = found();
        if (line !== undefined) return line;
        let why: string | undefined;
        if (ended) {
          // Fail as soon as the child has exited without the line, not after the whole timeout.
          // One last look first: readline may deliver the final lines a moment after the exit.
          await sleep(20);
          const last = found();
          if (last !== undefined) return last;
          why = `exited (code ${ended.code}, signal ${ended.signal}) without printing a line`;
        } else if (Date.now() > deadline) {
          why = `printed no line in ${timeoutMs} ms`;
        }
        if (why) throw new Error(`${file} ${why} matching ${pattern}\n--- output ---\n${lines.join('\n')}`);
        await sleep(25);
      }
    },
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
    stop() {
      return child.kill('SIGTERM');
    },
  };
  return child;
}

/** Runs a script to completion and returns its exit code and output. */
export async function runScript(script: string | URL, options: SpawnOptions & { timeoutMs?: number } = {}) {
  const child = spawnScript(script, options);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const result = await child.exited;
  clearTimeout(timer);
  // readline may still hold the last lines for a tick after 'exit'.
  await new Promise((r) => setImmediate(r));
  return { ...result, lines: child.lines, output: child.lines.join('\n') };
}

/**
 * True when `importMetaUrl` (pass `import.meta.url`) belongs to the file node was started with, as in
 * `npx tsx 04-rabbitmq/worker.ts`: a script's logic can then be imported by tests and the story without
 * starting it.
 */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === importMetaUrl;
}
