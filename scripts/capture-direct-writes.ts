// Test setup (vitest.config.ts, setupFiles): what code under test writes straight to process.stdout or
// process.stderr is handed to vitest's console instead, so it is kept with the test that wrote it, like
// a console.log; and so is every line of the child processes a test starts with common/process.ts.
// With `silent: 'passed-only'` a passing test then prints nothing, and a failing one shows every line
// it, the code it ran in this process, and its child processes wrote.
//
// Why this is needed at all: vitest captures `console.*` per test, but a chapter's createLogger() writes
// to process.stdout directly, and in a forked test worker that stream is the terminal's. The chapters
// take a Logger from their caller, so tests can pass recordingLogger(); this catches whatever is still
// printed by code a test runs (a story's entry point, a library) without one.
import path from 'node:path';
import { echoChildrenTo } from '../common/process.ts';

type Write = typeof process.stdout.write;

function routeTo(stream: NodeJS.WriteStream, log: (text: string) => void): void {
  const marked = stream as NodeJS.WriteStream & { capturedByTest?: true };
  if (marked.capturedByTest) return; // setup files run once per test file, in the same worker
  marked.capturedByTest = true;
  stream.write = ((chunk: string | Uint8Array, encodingOrDone?: unknown, done?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    // console.log adds its own newline.
    log(text.endsWith('\n') ? text.slice(0, -1) : text);
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
    return true;
  }) as Write;
}

routeTo(process.stdout, (text) => console.log(text));
routeTo(process.stderr, (text) => console.error(text));

// A child's line, marked with the script it came from: "worker.ts> [worker A]  [x] Done job 3".
echoChildrenTo((line, stream, script) => {
  const text = `${path.basename(script)}> ${line}`;
  if (stream === 'stdout') console.log(text);
  else console.error(text);
});
