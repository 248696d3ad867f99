// Exercise 1.2 · Graceful shutdown: drain what was accepted, refuse what comes after
// Difficulty: ★★☆ medium · about 25 min
//
// Chapter 1 showed that `kill -9` loses every command still in the in-memory queue. A plain `kill`
// (SIGTERM, what systemd, Docker and Kubernetes send first) does the same today: Node's default for
// SIGTERM is to exit at once. But SIGTERM can be caught, so a polite stop loses nothing:
//
// 1. createGracefulQueue(work): `push` already forwards to async.queue. Add `close()`: from the
//    moment it is called, `push` rejects with a QueueClosedError (nothing new gets in), and `close()`
//    resolves once every item accepted before it has finished: the ones running AND the ones still
//    waiting. Closing an idle queue resolves at once; closing twice is fine.
//    (async.queue helps: `q.idle()` is true when nothing waits or runs; `await q.drain()` waits for
//    the moment the last item finishes.)
// 2. closeOnSignal(queue, options): on SIGTERM or SIGINT (`process.once(signal, ...)`), log that the
//    queue is draining, close it, then call options.exit(0). A real child process is sent a real
//    SIGTERM in the tests: every command it accepted must reach the device, and it must exit with 0.
//
// Run: npm run exercise -- 1.2
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
  return {
    push(item) {
      // TODO: refuse the item (reject with a QueueClosedError) once close() has been called.
      return queue.pushAsync<string>(item);
    },
    async close() {
      // TODO: mark the queue closed, then wait until every accepted item has finished.
      throw new Error('TODO: close (exercise 1.2)');
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
  // TODO: on SIGTERM or SIGINT: log, close the queue, then exit(0).
  throw new Error('TODO: closeOnSignal (exercise 1.2)');
}
