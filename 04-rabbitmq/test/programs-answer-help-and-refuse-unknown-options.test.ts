// Every program chapter 4's page starts answers `--help` (its options, with defaults and an example, exit 0)
// and refuses an option it does not know (one error line, the usage line, exit 2): the producer, the
// worker, the consumer, each mode of `npm run chapter:4`, the experiments and the cluster story. Nothing
// here needs RabbitMQ, nor the cluster (the cluster story answers before it looks for one).
// Each program file is started as a real process twice, for --help and for wrong usage: that proves it
// reads its command line before anything else. The other modes of main.ts, and the cluster story's other
// wrong usage, are read in this process by the same parse functions, with process.exit and the writes
// caught (common/testing/command-line.ts).
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { readCommandLine } from '../../common/testing/command-line.ts';
import { readArgs as storyArgs } from '../cluster/story.ts';
import { chapterCommand } from '../support/chapter.ts';
import { SLOW } from './helpers.ts';

interface Program {
  file: string;
  usage: string;
  /** What --help must print: the options, their defaults. */
  lists: Array<string | RegExp>;
  /** What --help must not print. */
  never?: RegExp[];
  /** The wrong usage to start it with, and its error line. */
  wrong?: { args: string[]; error: string };
}

const CHAPTER = {
  usage: 'npm run chapter:4 -- [mode] [options]',
  lists: ['story', 'article', 'reset', 'cluster', '--queue <value>'],
};

const programs: Program[] = [
  {
    file: '../producer.ts',
    usage: 'npx tsx 04-rabbitmq/producer.ts [options] [task...]',
    lists: ['--count <value>', '--quorum', '--raw', '(default: 1)'],
  },
  {
    file: '../worker.ts',
    usage: 'npx tsx 04-rabbitmq/worker.ts [options]',
    lists: ['--name <value>', '--work-ms <value>', '--poll-interval-ms <value>', '--reconnect', '--quorum'],
  },
  {
    file: '../consumer.ts',
    usage: 'npx tsx 04-rabbitmq/consumer.ts [options]',
    lists: ['--prefetch <value>', '(default: 1)', '--work-ms <value>', '--reconnect', '--quorum'],
  },
  // The modes of main.ts share one parser: one of them shows the refusal for all.
  {
    file: '../main.ts',
    ...CHAPTER,
    wrong: { args: ['reset', '--quorm'], error: "error: Unknown option '--quorm'" },
  },
  {
    file: '../experiments/close-race.ts',
    usage: 'npx tsx 04-rabbitmq/experiments/close-race.ts',
    lists: ['--help'],
  },
  {
    file: '../experiments/polling-vs-consume.ts',
    usage: 'npx tsx 04-rabbitmq/experiments/polling-vs-consume.ts',
    lists: ['--help'],
  },
  {
    file: '../cluster/story.ts',
    usage: 'npx tsx 04-rabbitmq/cluster/story.ts [options]',
    lists: [
      /--count <value> +how many persistent messages to publish \(default: 1000\)/,
      /-h, --help/,
      'npx tsx 04-rabbitmq/cluster/story.ts --count 200',
    ],
    never: [/cluster is not running/], // help never needs the cluster
    // A value checked after the options are read, still before the cluster is looked for.
    wrong: { args: ['--count', 'ten'], error: "error: --count must be a whole number >= 1, got 'ten'" },
  },
];

function expectHelp(run: { code: number | null; output: string; lines: string[] }, program: Program) {
  expect(run.code, run.output).toBe(0);
  expect(run.lines[0]).toBe(`usage: ${program.usage}`);
  for (const item of program.lists) {
    if (typeof item === 'string') expect(run.output).toContain(item);
    else expect(run.output).toMatch(item);
  }
  for (const pattern of program.never ?? []) expect(run.output).not.toMatch(pattern);
  expect(run.output).toMatch(/examples?:\n {2}\S/);
}

function expectRefused(
  run: { code: number | null; output: string; lines: string[] },
  error: string,
  usage: string,
) {
  expect(run.code, run.output).toBe(2);
  expect(run.lines.slice(0, 2)).toEqual([error, `usage: ${usage}`]);
}

describe.each(programs)('$file (a real process)', (program) => {
  const file = new URL(program.file, import.meta.url);
  const { args, error } = program.wrong ?? { args: ['--quorm'], error: "error: Unknown option '--quorm'" };

  it.concurrent('--help lists its options and an example, and exits 0', {
    timeout: SLOW.testMs,
  }, async () => {
    expectHelp(await runScript(file, { args: ['--help'], timeoutMs: SLOW.startMs }), program);
  });

  it.concurrent(`${args.join(' ')} prints the error and the usage line and exits 2`, {
    timeout: SLOW.testMs,
  }, async () => {
    expectRefused(await runScript(file, { args, timeoutMs: SLOW.startMs }), error, program.usage);
  });
});

describe('read in this process', () => {
  it.each(['story', 'article', 'reset'])(
    'npm run chapter:4 -- %s --help lists the modes and options, and exits 0',
    (mode) =>
      expectHelp(readCommandLine(chapterCommand, [mode, '--help']), { file: '../main.ts', ...CHAPTER }),
  );

  // `cluster` hands the words after it to chapter 6's story: its help, its checks, its --count.
  it("npm run chapter:4 -- cluster --help lists the cluster story's options, and exits 0", () => {
    const story = programs.find((p) => p.file === '../cluster/story.ts')!;
    expectHelp(readCommandLine(chapterCommand, ['cluster', '--help']), story);
  });

  it('npm run chapter:4 -- cluster --count ten is refused by the story; --count 200 reaches it', () => {
    const usage = 'npx tsx 04-rabbitmq/cluster/story.ts [options]';
    const error = "error: --count must be a whole number >= 1, got 'ten'";
    expectRefused(readCommandLine(chapterCommand, ['cluster', '--count', 'ten']), error, usage);
    expect(readCommandLine(chapterCommand, ['cluster', '--count', '200']).value).toEqual({
      mode: 'cluster',
      count: 200,
    });
    expect(readCommandLine(chapterCommand, ['cluster']).value).toEqual({ mode: 'cluster', count: 1000 });
  });

  it('the cluster story: an unknown option prints the error and the usage line and exits 2', () => {
    const usage = 'npx tsx 04-rabbitmq/cluster/story.ts [options]';
    expectRefused(readCommandLine(storyArgs, ['--nope']), "error: Unknown option '--nope'", usage);
  });
});
