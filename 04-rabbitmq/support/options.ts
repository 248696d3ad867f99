// What the command-line scripts (producer, worker, consumer) share: report any
// failure as one line on stderr with a non-zero exit (no stack trace), parse options strictly, and stop
// on Ctrl-C. The worker and the consumer take the same options, parsed once here.
import { parseArgs } from 'node:util';
import { errorMessage } from '../../common/errors.ts';
import type { Logger } from '../../common/log.ts';
import { DEFAULT_QUEUE } from '../channel.ts';
import { DEFAULT_MAX_ATTEMPTS, kitchen, type Work } from '../job.ts';

export function runCli(log: Logger, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    log.error(`error: ${errorMessage(err)}`);
    process.exitCode = 1;
  });
}

/** `--count 10` -> 10; `--count ten` is an error that names the option. */
export function integerOption(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} must be a whole number >= ${min}, got "${value}"`);
  return n;
}

/** The options worker.ts and consumer.ts both take. */
export interface CommonOptions {
  name: string;
  queue: string;
  maxAttempts: number;
  work: Work;
  /** Ride out a broker restart (amqplib's `recovery`) instead of exiting with one line. */
  reconnect: boolean;
  /** Declare a quorum queue whose broker counts deliveries (x-delivery-limit), instead of a classic queue. */
  quorum: boolean;
}

/**
 *   --name A  --queue task_queue  --max-attempts 3  --work-ms 100  --reconnect  --quorum
 * plus the script's own numeric options (`--poll-interval-ms`, `--prefetch`), returned as strings.
 */
export function parseCommonOptions(
  extra: string[],
): CommonOptions & { extra: Record<string, string | undefined> } {
  const { values: parsed } = parseArgs({
    options: {
      name: { type: 'string' },
      queue: { type: 'string' },
      'max-attempts': { type: 'string' },
      'work-ms': { type: 'string' },
      reconnect: { type: 'boolean', default: false },
      quorum: { type: 'boolean', default: false },
      ...Object.fromEntries(extra.map((name) => [name, { type: 'string' as const }])),
    },
  });
  const values = parsed as Record<string, string | boolean | undefined>;
  const own = Object.fromEntries(extra.map((name) => [name, values[name] as string | undefined]));
  return {
    name: (values.name as string | undefined) ?? String(process.pid),
    queue: (values.queue as string | undefined) ?? DEFAULT_QUEUE,
    maxAttempts: integerOption(
      'max-attempts',
      values['max-attempts'] as string | undefined,
      DEFAULT_MAX_ATTEMPTS,
      1,
    ),
    work: kitchen(integerOption('work-ms', values['work-ms'] as string | undefined, 100)),
    reconnect: values.reconnect === true,
    quorum: values.quorum === true,
    extra: own,
  };
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
