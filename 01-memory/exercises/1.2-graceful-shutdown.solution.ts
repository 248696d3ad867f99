// Exercise 1.2 · reference solution (the statement is in 1.2-graceful-shutdown.problem.ts).
import async from 'async';
import type { Command } from '../device.ts';
import type { Logger } from '../../common/log.ts';

export class QueueClosedError extends Error {
  override name = 'QueueClosedError';
}

export interface GracefulQueue {
  /** Resolves with the work's result; rejects with QueueClosedError once the queue is closed. */
  push(item: Command): Promise<string>;
  /** Stops accepting items; resolves when every accepted item has finished. */
  close(): Promise<void>;
  /** Items waiting plus items running. */
  size(): number;
}

export function createGracefulQueue(
  work: (item: Command) => Promise<string>,
  concurrency = 1,
): GracefulQueue {
  const queue = async.queue<Command, string, Error>(work, concurrency);
  let closed = false;
  return {
    push(item) {
      if (closed) return Promise.reject(new QueueClosedError(`queue closed: "${item.command}" refused`));
      return queue.pushAsync<string>(item);
    },
    async close() {
      closed = true;
      // Accepted items include the ones still waiting, not only the running one: in memory, an item
      // we do not finish now is an item lost. drain() fires when the last of them is done.
      if (!queue.idle()) await queue.drain();
    },
    size: () => queue.length() + queue.running(),
  };
}

export interface CloseOnSignalOptions {
  log: Logger;
  /** What to call once drained: process.exit in the real program. */
  exit: (code: number) => void;
}

export function closeOnSignal(queue: GracefulQueue, { log, exit }: CloseOnSignalOptions): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // Catching the signal replaces Node's default (exit at once), so we must exit ourselves.
    process.once(signal, () => {
      log('%s: refusing new commands, draining %d accepted ones', signal, queue.size());
      queue.close().then(
        () => {
          log('drained, exiting');
          exit(0);
        },
        (err: Error) => {
          log.error('drain failed: %s', err.message);
          exit(1);
        },
      );
    });
  }
}
