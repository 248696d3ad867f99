// common/cli.ts, as a reader meets it: `--help` prints the options with their defaults and an example
// and exits 0; a wrong option or mode prints one error line and the usage line and exits 2.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../process.ts';
import { makeTempDir } from '../testing/temp-dir.ts';

const CLI = path.resolve(import.meta.dirname, '..', 'cli.ts');
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let program: string;

beforeAll(async () => {
  tmp = await makeTempDir();
  program = path.join(tmp.dir, 'program.ts');
  await writeFile(
    program,
    `import { parseCommand, wholeNumber } from ${JSON.stringify(CLI)};
const command = {
  usage: 'npx tsx program.ts [mode] [options]',
  summary: 'A program with two modes.',
  modes: { story: 'the story', reset: 'removes what the story left' },
  options: {
    queue: { type: 'string', default: 'task_queue', help: 'the queue to use' },
    count: { type: 'string', help: 'how many' },
    quorum: { type: 'boolean', help: 'a quorum queue' },
  },
  examples: ['npx tsx program.ts --queue jobs'],
} as const;
const { values, mode } = parseCommand(command);
const count = values.count === undefined ? 1 : wholeNumber(command, 'count', values.count, 1);
console.log(JSON.stringify({ mode, queue: values.queue, quorum: values.quorum, count }));
`,
  );
});
afterAll(() => tmp?.remove());

describe('a program built on common/cli.ts', () => {
  it('--help lists the modes, the options with their defaults and an example, and exits 0', async () => {
    const run = await runScript(program, { args: ['--help'] });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('usage: npx tsx program.ts [mode] [options]');
    expect(run.output).toMatch(/story +the story \(the default\)/);
    expect(run.output).toMatch(/--queue <value> +the queue to use \(default: task_queue\)/);
    expect(run.output).toMatch(/example:\n {2}npx tsx program.ts --queue jobs/);
  });

  it('takes its options and mode, with defaults for the rest (a flag not given is false)', async () => {
    const run = await runScript(program, { args: ['reset', '--count', '3'] });
    expect(run.code, run.output).toBe(0);
    expect(JSON.parse(run.lines.at(-1) ?? '')).toEqual({
      mode: 'reset',
      queue: 'task_queue',
      quorum: false,
      count: 3,
    });
  });

  it.each([
    [['--quorm'], "error: Unknown option '--quorm'"],
    [['resett'], "error: unknown mode 'resett' (modes: story, reset)"],
    [['--count', 'ten'], "error: --count must be a whole number >= 1, got 'ten'"],
    [['story', 'extra'], "error: unexpected argument 'extra'"],
    [['--quorm', '--help'], "error: Unknown option '--quorm'"],
  ])('%j: one error line, the usage line, exit 2', async (args, error) => {
    const run = await runScript(program, { args });
    expect(run.code, run.output).toBe(2);
    expect(run.lines.slice(0, 2)).toEqual([error, 'usage: npx tsx program.ts [mode] [options]']);
  });
});
