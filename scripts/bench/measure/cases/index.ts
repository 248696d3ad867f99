// Every case, in the order the table shows them: per chapter, bare engine first, then the library used
// bare, the chapter's own queue, and the production peers.
import type { Case } from '../harness.ts';
import type { Backlog } from '../backlog-types.ts';
import { backlogLoaders } from './backlogs.ts';
import { memoryCases } from './memory.ts';
import { levelCases } from './leveldb.ts';
import { redisCases } from './redis.ts';
import { rabbitCases } from './rabbitmq.ts';

export const allCases: Case[] = [...memoryCases, ...levelCases, ...redisCases, ...rabbitCases];

export async function allBacklogs(): Promise<Array<Backlog & { chapter: Case['chapter'] }>> {
  const all: Array<Backlog & { chapter: Case['chapter'] }> = [];
  for (const [chapter, load] of Object.entries(backlogLoaders)) {
    for (const b of await load()) all.push({ ...b, chapter: chapter as Case['chapter'] });
  }
  return all;
}
