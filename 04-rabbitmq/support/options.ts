// The command lines of producer.ts, worker.ts and consumer.ts (common/cli.ts gives each `--help` and exit 2
// on wrong usage), and what the three share: report a failure as one line with exit code 1 (no stack
// trace), and stop on Ctrl-C or SIGTERM.
import { type Option, parseCommand, wholeNumber } from '../../common/cli.ts';
import { errorMessage } from '../../common/errors.ts';
import type { Logger } from '../../common/log.ts';
import { DEFAULT_QUEUE, DEFAULT_QUORUM_QUEUE } from '../channel.ts';
import { DEFAULT_MAX_ATTEMPTS, kitchen, type Work } from '../job.ts';

export function runCli(log: Logger, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    log.error(`error: ${errorMessage(err)}`);
    process.exitCode = 1;
  });
}

const queue = {
  type: 'string',
  help: `the work queue (default: ${DEFAULT_QUEUE}, or ${DEFAULT_QUORUM_QUEUE} with --quorum)`,
} as const satisfies Option;
const quorum = {
  type: 'boolean',
  help: `a quorum queue: the broker counts deliveries and dead-letters past --max-attempts`,
} as const satisfies Option;
const maxAttempts = {
  type: 'string',
  default: String(DEFAULT_MAX_ATTEMPTS),
  help: 'attempts per job (the first try and the retries) before it is dead-lettered',
} as const satisfies Option;
/** What worker.ts and consumer.ts both take. */
const shared = {
  name: { type: 'string', help: 'shown in the log and the management UI (default: the pid)' },
  queue,
  'max-attempts': maxAttempts,
  'work-ms': { type: 'string', default: '100', help: 'how long each job takes, in ms' },
  reconnect: { type: 'boolean', help: 'ride out a broker restart instead of exiting with one line' },
  quorum,
} satisfies Record<string, Option>;

const commands = {
  producer: {
    usage: 'npx tsx 04-rabbitmq/producer.ts [options] [task...]',
    summary: 'Puts jobs on the queue as persistent messages, and exits once the broker confirmed them.',
    rest: 'task',
    options: {
      queue,
      count: { type: 'string', default: '1', help: 'how many jobs (ids 1, 2, ...)' },
      raw: { type: 'boolean', help: 'send the words as they are, not as a JSON job' },
      quorum,
      'max-attempts': {
        ...maxAttempts,
        help: 'with --quorum: the delivery limit, as the workers declare it',
      },
    },
    examples: [
      'npx tsx 04-rabbitmq/producer.ts --count 4',
      "npx tsx 04-rabbitmq/producer.ts 'make me a unicorn'",
    ],
  },
  worker: {
    usage: 'npx tsx 04-rabbitmq/worker.ts [options]',
    summary:
      'Polls the queue (basic.get), does each job, then acks it; retries, then dead-letters a failure.',
    options: {
      ...shared,
      'poll-interval-ms': {
        type: 'string',
        default: '1000',
        help: 'how long to wait when the queue is empty',
      },
    },
    examples: ['npx tsx 04-rabbitmq/worker.ts --name A --work-ms 2000'],
  },
  consumer: {
    usage: 'npx tsx 04-rabbitmq/consumer.ts [options]',
    summary: 'Subscribes to the queue (basic.consume): the broker pushes at most --prefetch jobs at a time.',
    options: {
      ...shared,
      prefetch: { type: 'string', default: '1', help: 'how many unacked jobs it may hold at once' },
    },
    examples: ['npx tsx 04-rabbitmq/consumer.ts --name C --prefetch 10'],
  },
} as const;

export function producerOptions(argv?: string[]) {
  const { producer: command } = commands;
  const { values, rest } = parseCommand(command, argv);
  const task = rest.join(' ') || 'make me a sandwich';
  const attempts = wholeNumber(command, 'max-attempts', values['max-attempts'], 1);
  return {
    task,
    count: wholeNumber(command, 'count', values.count, 1),
    raw: values.raw,
    queue: values.queue ?? (values.quorum ? DEFAULT_QUORUM_QUEUE : DEFAULT_QUEUE),
    quorum: values.quorum ? { deliveryLimit: attempts - 1 } : undefined,
  };
}

/** The options worker.ts and consumer.ts both take, parsed. */
export interface CommonOptions {
  name: string;
  queue: string;
  maxAttempts: number;
  work: Work;
  reconnect: boolean;
  quorum: boolean;
}

export function workerOptions(argv?: string[]): CommonOptions & { pollIntervalMs: number } {
  const { values } = parseCommand(commands.worker, argv);
  const pollIntervalMs = wholeNumber(commands.worker, 'poll-interval-ms', values['poll-interval-ms']);
  return { ...common(commands.worker, values), pollIntervalMs };
}

export function consumerOptions(argv?: string[]): CommonOptions & { prefetch: number } {
  const { values } = parseCommand(commands.consumer, argv);
  return {
    ...common(commands.consumer, values),
    prefetch: wholeNumber(commands.consumer, 'prefetch', values.prefetch, 1),
  };
}

type SharedValues = {
  name?: string;
  queue?: string;
  'max-attempts': string;
  'work-ms': string;
  reconnect: boolean;
  quorum: boolean;
};

function common(command: { usage: string }, values: SharedValues): CommonOptions {
  return {
    name: values.name ?? String(process.pid),
    queue: values.queue ?? (values.quorum ? DEFAULT_QUORUM_QUEUE : DEFAULT_QUEUE),
    maxAttempts: wholeNumber(command, 'max-attempts', values['max-attempts'], 1),
    work: kitchen(wholeNumber(command, 'work-ms', values['work-ms'])),
    reconnect: values.reconnect,
    quorum: values.quorum,
  };
}

/** The pid, for a kill from another terminal (`pgrep -f` would also match the npm or tsx wrapper). */
export function logPid(log: Logger, inHand: string): void {
  log(`pid ${process.pid}: kill ${process.pid} stops it after ${inHand}, kill -9 ${process.pid} crashes it`);
}

/**
 * The first Ctrl-C (or SIGTERM) asks to stop after the current message; a second one exits at once
 * (the broker then redelivers whatever was not acked).
 */
export function stopOnSignals(log: Logger): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      log(`${signal} again: exiting now; unacked messages go back to the queue`);
      process.exit(130);
    }
    log(`${signal}: stopping after the current message`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
