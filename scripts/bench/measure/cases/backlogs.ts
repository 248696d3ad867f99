// The backlog cases of all four chapters (what the memory measurement fills), loaded lazily: the child
// process that measures one of them imports only that chapter's module, so its RSS carries no other
// queue library.
import type { Backlog } from '../backlog-types.ts';
import type { Case } from '../harness.ts';

export const backlogLoaders: Record<Case['chapter'], () => Promise<Backlog[]>> = {
  '01-memory': async () => (await import('./memory.ts')).memoryBacklogs,
  '02-leveldb': async () => (await import('./leveldb.ts')).levelBacklogs,
  '03-redis': async () => (await import('./redis.ts')).redisBacklogs,
  '04-rabbitmq': async () => (await import('./rabbitmq.ts')).rabbitBacklogs,
};
