// Every program chapter 4's page starts answers `--help` (its options, with defaults and an example, exit 0)
// and refuses an option it does not know (one error line, the usage line, exit 2): the producer, the
// worker, the consumer, each mode of `npm run chapter:4`, and the experiments. Nothing here needs RabbitMQ.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { SLOW } from './helpers.ts';

const programs: Array<{ file: string; args?: string[]; usage: string; lists: string[] }> = [
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
  ...['story', 'article', 'reset', 'cluster'].map((mode) => ({
    file: '../main.ts',
    args: [mode],
    usage: 'npm run chapter:4 -- [mode] [options]',
    lists: ['story', 'article', 'reset', 'cluster', '--queue <value>'],
  })),
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
];

describe.each(programs)('$file $args', ({ file, args = [], usage, lists }) => {
  const program = new URL(file, import.meta.url);

  it.concurrent('--help lists its options and an example, and exits 0', {
    timeout: SLOW.testMs,
  }, async () => {
    const run = await runScript(program, { args: [...args, '--help'], timeoutMs: SLOW.startMs });
    expect(run.code, run.output).toBe(0);
    expect(run.lines[0]).toBe(`usage: ${usage}`);
    for (const option of lists) expect(run.output).toContain(option);
    expect(run.output).toMatch(/examples?:\n {2}\S/);
  });
});

// The modes of main.ts share one parser, so one of them shows the refusal for all.
const refusing = programs.filter(({ args = [] }) => args.length === 0 || args[0] === 'reset');

describe.each(refusing)('$file $args', ({ file, args = [], usage }) => {
  it.concurrent('an unknown option prints the usage line and exits 2', { timeout: SLOW.testMs }, async () => {
    const program = new URL(file, import.meta.url);
    const run = await runScript(program, { args: [...args, '--quorm'], timeoutMs: SLOW.startMs });
    expect(run.code, run.output).toBe(2);
    expect(run.lines.slice(0, 2)).toEqual(["error: Unknown option '--quorm'", `usage: ${usage}`]);
  });
});
