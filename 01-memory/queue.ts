// The queue itself: async.queue with concurrency 1, so commands reach the device one at a time, in
// the order they were pushed. Everything it holds lives in this process's memory.
import async from 'async';
import type { Command } from './device.ts';

export type CommandQueue = async.QueueObject<Command>;

export function createQueue(work: (item: Command) => Promise<string>): CommandQueue {
  return async.queue<Command, string, Error>(work, 1);
}
