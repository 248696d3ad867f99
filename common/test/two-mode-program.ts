// A program built on common/cli.ts, the way the chapters' programs are: cli-help-and-wrong-usage.test.ts
// starts it as a real process for its exit codes, and reads every other command line with readArgs in
// its own process (common/testing/command-line.ts).
import { parseCommand, wholeNumber } from '../cli.ts';
import { isMain } from '../process.ts';

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

export function readArgs(argv = process.argv.slice(2)) {
  const { values, mode } = parseCommand(command, argv);
  const count = values.count === undefined ? 1 : wholeNumber(command, 'count', values.count, 1);
  return { mode, queue: values.queue, quorum: values.quorum, count };
}

if (isMain(import.meta.url)) console.log(JSON.stringify(readArgs()));
