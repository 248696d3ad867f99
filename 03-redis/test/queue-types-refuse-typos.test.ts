// The library's types (common/types/simple-redis-safe-work-queue.d.ts) name every event and type every
// push, with no catch-all: a misspelt event or a payload of the wrong shape does not compile. This test
// proves it itself: it writes a file of misuses (below) and a tsconfig of their own to a temp dir, runs
// the TypeScript compiler on them, and expects exactly one error on each misuse line and none elsewhere.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { makeTempDir } from '../../common/testing/temp-dir.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Each misuse, marked with the error it must cause: `// error TS<code>` on its own line. */
const MISUSES = `import Queue from 'simple-redis-safe-work-queue';
import type { WebhookJob } from ${JSON.stringify(path.join(ROOT, '03-redis', 'job.ts'))};

export function misuses(worker: Queue.Worker, client: Queue.Client<WebhookJob>) {
  worker.on('max retries', (err: Error, payload: unknown) => [err, payload]); // fine: the real event
  worker.on('max retry', () => {}); // error TS2345: not an event ('max retries' is)
  worker.on('timeout requeued', (err: Error) => err); // error TS2345: the listener gets a job id, a string
  client.push({ url: 'http://example.com' }); // error TS2739: a Client<WebhookJob> pushes webhook jobs only
  client.quit(); // error TS2339: there is no quit(), it is stop()
  client.stop(); // fine
}
`;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let errors: string[];

beforeAll(async () => {
  tmp = await makeTempDir('srswq-types-');
  await writeFile(path.join(tmp.dir, 'misuses.ts'), MISUSES);
  await writeFile(path.join(tmp.dir, 'package.json'), '{"type": "module"}'); // ESM, as the repository
  const tsconfig = {
    extends: path.join(ROOT, 'tsconfig.json'),
    compilerOptions: { typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
    include: ['misuses.ts', path.join(ROOT, 'common', 'types', 'simple-redis-safe-work-queue.d.ts')],
  };
  await writeFile(path.join(tmp.dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  const tsc = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tmp.dir],
    {
      cwd: tmp.dir,
    },
  );
  let out = '';
  tsc.stdout.on('data', (d) => (out += d));
  tsc.stderr.on('data', (d) => (out += d));
  await new Promise((resolve) => tsc.once('exit', resolve));
  errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
}, 60_000);
afterAll(() => tmp?.remove());

describe('the queue library types', () => {
  it('refuse misspelt events, wrong listeners, wrong payloads and quit(): one error per misuse line', () => {
    const expected = MISUSES.split('\n').flatMap((line, i) => {
      const code = /\/\/ error (TS\d+)/.exec(line)?.[1];
      return code ? [`misuses.ts(${i + 1}) ${code}`] : [];
    });
    const got = errors.map((l) => {
      const m = /misuses\.ts\((\d+),\d+\): error (TS\d+)/.exec(l);
      return m ? `misuses.ts(${m[1]}) ${m[2]}` : l;
    });
    expect(expected).toHaveLength(4);
    expect(got, errors.join('\n')).toEqual(expected);
  });
});
