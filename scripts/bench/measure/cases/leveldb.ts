// Chapter 2 and its bare engine, each in its own temp directory:
//  - bare engine: raw LevelDB (`level`) in the access pattern a persistent queue needs: put the job
//    under `work!`, move it to `pending!` in one batch (del + put) when a worker takes it, delete it when
//    done. The consumer learns about new jobs from an in-process list, never by scanning the database:
//    the cheapest a LevelDB queue can be;
//  - level-jobs used bare (no JobQueue around it), through the chapter's callback adapter: level-jobs
//    cannot talk to level@10 at all without one (02-leveldb/support/level-adapter.ts says why);
//  - chapter 2's JobQueue (02-leveldb/job-queue.ts) on a database opened by 02-leveldb/support/database.ts.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Level } from 'level';
import Jobs from 'level-jobs';
import { makeTempDir } from '../../../../common/testing/temp-dir.ts';
import { waitFor } from '../../../../common/time.ts';
import type { Case, Subject } from '../harness.ts';
import type { Backlog } from '../backlog-types.ts';
import { pushJobs } from '../push-jobs.ts';
import { callbackDatabase } from '../../../../02-leveldb/support/level-adapter.ts';
import { JobQueue } from '../../../../02-leveldb/job-queue.ts';
import { openDatabase } from '../../../../02-leveldb/support/database.ts';
import { queueState } from '../../../../02-leveldb/support/inspect.ts';
import { deferCleanup } from '../cleanup.ts';

/** Bytes of the files in a directory (LevelDB keeps a flat directory). */
async function du(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(path.join(dir, name))).size;
  return total;
}

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

/** level-jobs with a no-op worker: `Jobs(db, worker, { maxConcurrency })`, push() per job. */
async function startLevelJobs(concurrency: number, onJob: (id: number) => void): Promise<Subject> {
  const { dir, remove } = await makeTempDir('bench-level-jobs-');
  const db = new Level<string, string>(dir);
  await db.open();
  let running = 0;
  const queue = Jobs<{ id: number }>(
    callbackDatabase(db),
    (_id, payload, done) => {
      running++;
      onJob(payload.id);
      running--;
      done();
    },
    { maxConcurrency: concurrency },
  );
  let stopping = false;
  queue.on('error', (err: Error) => {
    if (!stopping) throw err;
  });
  return {
    push: (id) =>
      new Promise<void>(
        (resolve, reject) => void queue.push({ id }, (err) => (err ? reject(err) : resolve())),
      ),
    async stop() {
      // level-jobs deletes a finished job's `pending` entry after the worker returns: let it finish.
      await waitFor(
        'level-jobs to settle',
        async () => running === 0 && (await queueState(db)).running.length === 0,
      );
      stopping = true;
      deferCleanup(async () => {
        await db.close();
        await remove();
      });
    },
  };
}

/** Chapter 2's JobQueue with a no-op handler, on a database opened the chapter's way. */
async function startChapter2(concurrency: number, onJob: (id: number) => void): Promise<Subject> {
  const { dir, remove } = await makeTempDir('bench-ch2-');
  const db = await openDatabase(dir);
  const queue = new JobQueue<{ id: number }>(db, async (job) => onJob(job.payload.id), {
    maxConcurrency: concurrency,
  });
  let stopping = false;
  queue.on('error', (err) => {
    if (!stopping) throw err;
  });
  return {
    push: async (id) => void (await queue.push({ id })),
    async stop() {
      await queue.whenEmpty();
      stopping = true;
      // JobQueue has no close(): closing the database now could land under level-jobs' last look-up.
      deferCleanup(async () => {
        await db.close();
        await remove();
      });
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
  {
    id: 'level-jobs',
    chapter: '02-leveldb',
    label: "level-jobs, used bare (via the chapter's adapter)",
    kind: 'library',
    compareTo: 'LevelDB',
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startLevelJobs(concurrency, onJob),
  },
  {
    id: 'ch2',
    chapter: '02-leveldb',
    label: 'chapter 2: 02-leveldb/job-queue.ts',
    kind: 'chapter',
    compareTo: 'level-jobs',
    backoffMs: 0,
    start: ({ concurrency, onJob }) => startChapter2(concurrency, onJob),
  },
];

/** 100,000 jobs pushed into chapter 2's queue whose one worker never finishes: they wait on disk. */
export const levelBacklogs: Backlog[] = [
  {
    id: 'ch2',
    label: 'chapter 2 (level-jobs, on disk)',
    where: 'LevelDB files',
    async fill(n, onProgress) {
      const { dir, remove } = await makeTempDir('bench-ch2-backlog-');
      const db = await openDatabase(dir);
      const queue = new JobQueue<{ id: number }>(db, () => new Promise<void>(() => {}), {
        maxConcurrency: 1,
      });
      let stopping = false;
      queue.on('error', (err) => {
        if (!stopping) throw err;
      });
      await pushJobs(n, (id) => queue.push({ id }), { onProgress });
      return {
        held: async () => {
          const { queued, running } = await queueState(db);
          return queued.length + running.length;
        },
        outside: () => du(dir),
        async cleanup() {
          stopping = true;
          await db.close();
          await remove();
        },
      };
    },
  },
];
