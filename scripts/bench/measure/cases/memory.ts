// Chapter 1: the in-memory queue. Bare engine: async.queue with a no-op worker, nothing else.
// Chapter: 01-memory/queue.ts (createQueue), the very function the chapter's story runs, given a no-op
// worker instead of the device. The chapter fixes concurrency 1 (commands reach the device in order);
// async.queue reads its `concurrency` property on every dispatch, so the c=10 run sets it to 10.
import async from 'async';
import { createQueue } from '../../../../01-memory/queue.ts';
import type { Command } from '../../../../01-memory/device.ts';
import type { Case } from '../harness.ts';
import type { Backlog } from '../backlog-types.ts';
import { pushJobs } from '../push-jobs.ts';

const noop = () => {};

export const memoryCases: Case[] = [
  {
    id: 'async.queue',
    chapter: '01-memory',
    label: 'async.queue, bare (no-op worker)',
    kind: 'bare',
    jobMultiplier: 250,
    backoffMs: 0,
    async start({ concurrency, onJob }) {
      const queue = async.queue<number>(async (id) => onJob(id), concurrency);
      return {
        push: (id) => void queue.push(id, noop),
        stop: async () => queue.kill(),
      };
    },
  },
  {
    id: 'ch1',
    chapter: '01-memory',
    label: 'chapter 1: 01-memory/queue.ts',
    kind: 'chapter',
    compareTo: 'async.queue',
    jobMultiplier: 250,
    backoffMs: 0,
    async start({ concurrency, onJob }) {
      const queue = createQueue(async (item: Command) => {
        onJob(item.options!.id as number);
        return 'ok';
      });
      queue.concurrency = concurrency;
      return {
        push: (id) => void queue.push({ command: 'lights on', options: { id } }, noop),
        stop: async () => queue.kill(),
      };
    },
  },
];

/** 100,000 commands waiting in a paused chapter-1 queue: all of them live in this process's heap. */
export const memoryBacklogs: Backlog[] = [
  {
    id: 'ch1',
    label: 'chapter 1 (async.queue, in memory)',
    where: 'process heap',
    async fill(n) {
      const queue = createQueue(async () => 'ok');
      queue.pause();
      await pushJobs(n, (id) => void queue.push({ command: 'lights on', options: { id } }, noop));
      return { held: () => queue.length(), cleanup: async () => queue.kill() };
    },
  },
];
