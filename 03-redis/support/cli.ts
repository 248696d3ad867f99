// The command line of `npm run chapter:3 -- <mode> [options]`: one command per mode, so that
// `npm run chapter:3 -- worker --help` lists the worker's options and `npm run chapter:3 -- --help` the
// modes. Built on common/cli.ts: --help exits 0, a wrong option or mode exits 2 with the usage line.
import { parseCommand, usageError, wholeNumber, type Command, type Option } from '../../common/cli.ts';
import { NAMES } from './names.ts';

const RUN = 'npm run chapter:3 --';
const queue = {
  type: 'string',
  default: NAMES.queue,
  help: 'the queue (its Redis keys start with it)',
} as const;

export const MODES = {
  story: 'the whole chapter in one terminal: receiver, server, three workers, twelve sign-ups',
  article: "the article's listing (article.ts), one sign-up and its webhook",
  receiver: 'a webhook receiver that fails some calls on purpose (the walkthrough, terminal 1)',
  server: 'the sign-up server, the producer (terminal 2)',
  worker: 'a webhook worker (terminals 4 and 5; start as many as you like)',
  reset: "removes what the chapter's runs left: its Redis keys and its .data/03-redis files",
} as const;
type Mode = keyof typeof MODES;

const commands = {
  story: {
    usage: `${RUN} [mode] [options]`,
    summary: 'Chapter 3: a Redis work queue shared by worker processes. Without a mode, tells the story.',
    modes: MODES,
    options: {},
    examples: [`${RUN.replace(' --', '')}`, `${RUN} worker --help`],
  },
  article: {
    usage: `${RUN} article [options]`,
    summary: MODES.article,
    options: {
      fail: { type: 'boolean', help: 'the receiver answers 500 to every call, so the job is given up' },
    },
    examples: [`${RUN} article`, `${RUN} article --fail`],
  },
  receiver: {
    usage: `${RUN} receiver [options]`,
    summary: MODES.receiver,
    options: {
      port: { type: 'string', default: '4000', help: 'the port to listen on' },
      'fail-rate': { type: 'string', default: '0.35', help: 'the share of calls answered 500, 0 to 1' },
      'delay-ms': { type: 'string', default: '0', help: 'how long it takes to answer each call' },
    },
    examples: [`${RUN} receiver --delay-ms 1000`],
  },
  server: {
    usage: `${RUN} server [options]`,
    summary: MODES.server,
    options: {
      port: { type: 'string', default: '3000', help: 'the port to listen on (0 picks a free one)' },
      'webhook-url': { type: 'string', default: 'http://127.0.0.1:4000/hooks', help: 'where webhooks go' },
      'db-file': { type: 'string', default: NAMES.dbFile, help: 'the SQLite file of users' },
      'job-timeout-ms': {
        type: 'string',
        default: '30000',
        help: 'how long a worker may hold a job before another may take it',
      },
      queue,
    },
    examples: [`${RUN} server`],
  },
  worker: {
    usage: `${RUN} worker [options]`,
    summary: MODES.worker,
    options: {
      id: { type: 'string', help: 'its name in the logs and in x-delivered-by (default: its pid)' },
      concurrency: { type: 'string', default: '10', help: 'jobs it runs at once' },
      queue,
    },
    examples: [`${RUN} worker --id 1`],
  },
  reset: {
    usage: `${RUN} reset`,
    summary: MODES.reset,
    options: {},
    examples: [`${RUN} reset`],
  },
} satisfies Record<Mode, Command<Record<string, Option>>>;

/** The mode (first word) and its options, checked; exits 0 after --help and 2 on wrong usage. */
export function parseArgs(argv = process.argv.slice(2)) {
  const first = argv[0] ?? '';
  const mode: Mode = first in MODES && first !== 'story' ? (first as Mode) : 'story';
  const rest = mode === 'story' ? argv : argv.slice(1);
  const number = (name: string, value: string, min = 0) => wholeNumber(commands[mode], name, value, min);
  switch (mode) {
    case 'story':
      parseCommand(commands.story, rest);
      return { mode } as const;
    case 'article':
      return { mode, ...parseCommand(commands.article, rest).values } as const;
    case 'receiver': {
      const v = parseCommand(commands.receiver, rest).values;
      const failRate = Number(v['fail-rate']);
      if (!(failRate >= 0 && failRate <= 1))
        usageError(commands.receiver, `--fail-rate must be 0 to 1, got '${v['fail-rate']}'`);
      return {
        mode,
        port: number('port', v.port),
        failRate,
        delayMs: number('delay-ms', v['delay-ms']),
      } as const;
    }
    case 'server': {
      const v = parseCommand(commands.server, rest).values;
      return {
        mode,
        port: number('port', v.port),
        webhookUrl: v['webhook-url'],
        dbFile: v['db-file'],
        jobTimeoutMs: number('job-timeout-ms', v['job-timeout-ms'], 1),
        queue: v.queue,
      } as const;
    }
    case 'worker': {
      const v = parseCommand(commands.worker, rest).values;
      const id = v.id ?? String(process.pid);
      return { mode, id, concurrency: number('concurrency', v.concurrency, 1), queue: v.queue } as const;
    }
    case 'reset':
      parseCommand(commands.reset, rest);
      return { mode } as const;
  }
}
