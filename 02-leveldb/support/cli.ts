// The command line of `npm run chapter:2 -- [mode] [options]`, on common/cli.ts: the modes, the options
// with their defaults (`--help` lists them), and the checks that turn a wrong value into exit 2.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommand, usageError, wholeNumber } from '../../common/cli.ts';

export const COMMAND = {
  usage: 'npm run chapter:2 -- [mode] [options]',
  summary:
    'Chapter 2: a job queue on LevelDB (level-jobs). Its data lives in .data/02-leveldb/ (DATA_DIR=dir ' +
    'moves .data elsewhere).',
  modes: {
    story: "push 'door opened' events, relay them, exit once each is relayed or dead-lettered",
    article: "the article's version (article.ts) on .data/02-leveldb/article, wiped first, then kill -9",
    'crash-demo': 'the story in a child process, kill -9 part-way, finished by a new process, then counted',
    work: 'relay what is left in the queue (after a crash) without pushing anything',
    'dead-letters': 'list the jobs that failed too often, each with the command that re-queues it',
    requeue: 'requeue <job id> | requeue all: put dead letters back in the queue, and relay them',
    reset: 'remove what this chapter left in .data/02-leveldb (the story, the article, the crash demo)',
  },
  rest: '<job id> | all (requeue only)',
  options: {
    db: { type: 'string', help: 'the LevelDB directory (default: .data/02-leveldb/events)' },
    'failure-rate': { type: 'string', default: '0.5', help: 'how often the remote service fails, 0 to 1' },
    delay: { type: 'string', default: '100', help: 'how long each call to the remote service takes, in ms' },
    seed: { type: 'string', help: "a whole number: the remote service's failures repeat from run to run" },
    'max-attempts': { type: 'string', default: '4', help: 'runs of a job in all before the dead letters' },
    events: { type: 'string', default: '10', help: 'how many events the story pushes' },
    'remote-log': { type: 'string', help: 'a file where the remote service notes each event it accepted' },
  },
  examples: [
    'npm run chapter:2 -- --seed 3',
    'npm run chapter:2 -- crash-demo --seed 5',
    'npm run chapter:2 -- requeue all --failure-rate 0',
  ],
} as const;

export type Mode = keyof typeof COMMAND.modes;

export interface Settings {
  mode: Mode;
  /** The dead letter to re-queue (a job id, or "all"); requeue only. */
  target: string | undefined;
  /** The LevelDB directory given with --db, or undefined for the mode's own. */
  db: string | undefined;
  failureRate: number;
  delayMs: number;
  seed: number | undefined;
  maxAttempts: number;
  events: number;
  remoteLog: string | undefined;
}

export function parseSettings(argv = process.argv.slice(2)): Settings {
  const { values, mode, rest } = parseCommand(COMMAND, argv);
  if (mode === 'requeue' && rest.length !== 1)
    usageError(COMMAND, 'requeue takes one dead letter: a job id (see the dead-letters mode) or "all"');
  if (mode !== 'requeue' && rest.length > 0) usageError(COMMAND, `unexpected argument '${rest[0]}'`);
  const failureRate = Number(values['failure-rate']);
  if (values['failure-rate'].trim() === '' || !(failureRate >= 0 && failureRate <= 1))
    usageError(COMMAND, `--failure-rate must be a number from 0 to 1, got '${values['failure-rate']}'`);
  return {
    mode: mode as Mode,
    target: rest[0],
    db: values.db,
    failureRate,
    delayMs: wholeNumber(COMMAND, 'delay', values.delay),
    seed: values.seed === undefined ? undefined : wholeNumber(COMMAND, 'seed', values.seed),
    maxAttempts: wholeNumber(COMMAND, 'max-attempts', values['max-attempts'], 1),
    events: wholeNumber(COMMAND, 'events', values.events),
    remoteLog: values['remote-log'],
  };
}

/** The options a child process (the crash demo's) gets, so both processes use the same remote service. */
export function remoteServiceArgs(settings: Settings): string[] {
  const { failureRate, delayMs, seed, maxAttempts, events } = settings;
  const args = ['--failure-rate', String(failureRate), '--delay', String(delayMs)];
  args.push('--max-attempts', String(maxAttempts), '--events', String(events));
  return seed === undefined ? args : [...args, '--seed', String(seed)];
}

/** `.data/02-leveldb/<name>` in the repository, or under DATA_DIR when it is set. */
export function dataDirectory(name = ''): string {
  const root = process.env.DATA_DIR ?? fileURLToPath(new URL('../../.data', import.meta.url));
  return path.join(path.resolve(root), '02-leveldb', name);
}

/** `.data/02-leveldb/events` rather than the absolute path, for a directory inside the current one. */
export function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}
