// The command line of `npm run chapter:1 -- <mode> [options]`: one command per mode, so that
// `npm run chapter:1 -- home --help` lists the home controller's options and `npm run chapter:1 -- --help`
// the modes. Built on common/cli.ts: --help exits 0, a wrong option or mode exits 2 with the usage line.
import { parseCommand, usageError, wholeNumber, type Command, type Option } from '../../common/cli.ts';

const RUN = 'npm run chapter:1 --';
/** Where the chapter keeps the files it writes (the device's journals), relative to where you start it. */
export const DATA_DIR = '.data/01-memory';
const data = { type: 'string', default: DATA_DIR, help: "the folder of the chapter's files" } as const;

export const MODES = {
  story: 'the fixed queue through an outage, a broken link and a refused command (the three steps)',
  outage: 'step 1: the device is unreachable for 0.5 s; the worker pauses between connect attempts',
  'lost-link': 'step 2: the link breaks before a command, then after one (the reply is lost)',
  refused: 'step 3: the device refuses a command; the error goes back to its producer',
  article: "the article's listing (article.ts): three commands, a dropped link, a 0.3 s outage",
  crash: "kill -9 the article's queue with commands waiting, start it again, count what was lost",
  home: 'a home controller: the fixed queue in a process of its own, for you to kill',
  reset: `removes the files the chapter left in ${DATA_DIR} (the device's journals)`,
} as const;
export type Mode = keyof typeof MODES;

const scene = (mode: Mode): Command<Record<string, Option>> => ({
  usage: `${RUN} ${mode}`,
  summary: MODES[mode],
  options: {},
  examples: [`${RUN} ${mode}`],
});

const commands = {
  story: {
    usage: `${RUN} [mode] [options]`,
    summary:
      'Chapter 1: an in-memory queue in front of a device whose link breaks. Without a mode, the story.',
    modes: MODES,
    options: {},
    examples: ['npm run chapter:1', `${RUN} home --help`],
  },
  crash: {
    usage: `${RUN} crash [options]`,
    summary: MODES.crash,
    options: { data },
    examples: [`${RUN} crash`],
  },
  home: {
    usage: `${RUN} home [options]`,
    summary:
      'A home controller: the fixed queue in a process of its own, for you to kill. ' +
      'It prints its pid, queues its commands, and exits when all are done.',
    options: {
      push: { type: 'string', default: '8', help: 'how many commands to queue at start (0: none)' },
      from: { type: 'string', default: '1', help: 'the room number of the first command' },
      latency: { type: 'string', default: '1000', help: 'ms the device takes per connect and per command' },
      worker: { type: 'string', default: 'fixed', help: "'fixed' (worker.ts) or 'article' (article.ts)" },
      journal: {
        type: 'string',
        default: `${DATA_DIR}/device.jsonl`,
        help: 'the file the device appends each command it carries out to',
      },
    },
    examples: [`${RUN} home --latency 2000`, `${RUN} home --push 0`],
  },
  reset: {
    usage: `${RUN} reset [options]`,
    summary: MODES.reset,
    options: { data },
    examples: [`${RUN} reset`],
  },
} as const;

export interface HomeOptions {
  push: number;
  from: number;
  latencyMs: number;
  worker: 'fixed' | 'article';
  journal: string;
}

/** The mode (first word) and its options, checked; exits 0 after --help and 2 on wrong usage. */
export function parseArgs(argv = process.argv.slice(2)) {
  const first = argv[0] ?? '';
  const mode: Mode = first in MODES && first !== 'story' ? (first as Mode) : 'story';
  const rest = mode === 'story' ? argv : argv.slice(1);
  switch (mode) {
    case 'story':
      parseCommand(commands.story, rest);
      return { mode } as const;
    case 'crash':
    case 'reset':
      return { mode, data: parseCommand(commands[mode], rest).values.data } as const;
    case 'home': {
      const v = parseCommand(commands.home, rest).values;
      if (v.worker !== 'fixed' && v.worker !== 'article')
        usageError(commands.home, `--worker must be 'fixed' or 'article', got '${v.worker}'`);
      const home: HomeOptions = {
        push: wholeNumber(commands.home, 'push', v.push),
        from: wholeNumber(commands.home, 'from', v.from),
        latencyMs: wholeNumber(commands.home, 'latency', v.latency),
        worker: v.worker,
        journal: v.journal,
      };
      return { mode, home } as const;
    }
    default:
      parseCommand(scene(mode), rest);
      return { mode } as const;
  }
}
