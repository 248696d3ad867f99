// Starts a chapter script as its own process (through tsx, like `npx tsx 03-redis/worker.ts`) and
// passes its output through to this terminal, so the demo shows every process's lines as they happen.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../common/time.ts';

export interface RunningProcess {
  /** Resolves with the first output line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends SIGTERM (the polite stop) and resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
  readonly exited: Promise<number | null>;
}

export function startProcess(script: URL, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const name = path.basename(script.pathname);
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    process.stdout.write(line + '\n');
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    lines.push(line);
    process.stderr.write(line + '\n');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    exited,
    waitForLine: (pattern, timeoutMs = 60_000) =>
      Promise.race([
        waitFor(`a line matching ${pattern} from ${name}`, () => lines.find((l) => pattern.test(l)), { timeoutMs }),
        exited.then((code) => {
          throw new Error(`${name} exited (code ${code}) before printing a line matching ${pattern}`);
        }),
      ]),
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
