// Chapter 2 and its bare engine, each in its own temp directory:
//  - bare engine: raw LevelDB (`level`) in the access pattern a persistent queue needs: put the job
//    under `work!`, move it to `pending!` in one batch (del + put) when a worker takes it, delete it when
//    done. The consumer learns about new jobs from an in-process list, never by scanning the database:
//    the cheapest a LevelDB queue can be;
//  - chapter 2's queue, driven through the chapter's own modules.
import { Level } from 'level';
import { makeTempDir } from '../../../common/testing/temp-dir.ts';
import type { Case, Subject } from '../harness.ts';

async function startRawLevel(concurrency: number, onJob: (id: number) => void): Promise<Subject> {
  const { dir, remove } = await makeTempDir('bench-level-');
  const db = new Level<string, string>(dir);
  await db.open();
  const ready: string[] = [];
  let running = 0;
  let stopped = false;
  const key = (id: number) => String(id).padStart(12, '0');

  function dispatch(): void {
    while (!stopped && running < concurrency && ready.length > 0) {
      const k = ready.shift()!;
      running++;
      void (async () => {
        const value = await db.get(`work!${k}`);
        await db.batch([
          { type: 'del', key: `work!${k}` },
          { type: 'put', key: `pending!${k}`, value: value! },
        ]);
        onJob((JSON.parse(value!) as { id: number }).id);
        await db.del(`pending!${k}`);
        running--;
        dispatch();
      })();
    }
  }

  return {
    async push(id) {
      await db.put(`work!${key(id)}`, JSON.stringify({ id }));
      ready.push(key(id));
      dispatch();
    },
    async stop() {
      stopped = true;
      while (running > 0) await new Promise((r) => setTimeout(r, 5));
      await db.close();
      await remove();
    },
  };
}

export const levelCases: Case[] = [
  {
    id: 'LevelDB',
    chapter: '02-leveldb',
    label: 'raw LevelDB: put, batch(del+put), del',
    kind: 'bare',
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startRawLevel(concurrency, onJob),
  },
];
