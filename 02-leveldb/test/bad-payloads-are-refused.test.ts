// level-jobs would store these payloads changed (json-stringify-safe turns a cycle into "[Circular ~]",
// drops undefined and functions, turns a Date into a string) or store something it later cannot read
// (`undefined`). The queue refuses them with an error naming the bad value, and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Level } from 'level';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { openDatabase } from '../support/database.ts';
import { JobQueue } from '../job-queue.ts';
import { queueState } from '../support/inspect.ts';
import { PayloadError } from '../support/payload.ts';

const circular: Record<string, unknown> = { id: 1 };
circular.self = circular;

describe('pushing a payload that cannot be stored as JSON', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Level<string, string>;
  let queue: JobQueue<unknown>;
  const ran: unknown[] = [];

  beforeAll(async () => {
    tmp = await makeTempDir();
    db = await openDatabase(path.join(tmp.dir, 'jobs'));
    queue = new JobQueue<unknown>(db, async ({ payload }) => void ran.push(payload));
  });

  afterAll(async () => {
    await db.close();
    await tmp.remove();
  });

  it.each([
    ['undefined', undefined, /payload is undefined/],
    ['a circular reference', circular, /payload\.self is a circular reference/],
    ['a field that is undefined', { id: 1, note: undefined }, /payload\.note is undefined/],
    ['a function', { id: 1, send: () => {} }, /payload\.send is a function/],
    ['a Date', { id: 1, at: new Date(0) }, /payload\.at is a Date instance/],
    ['NaN inside an array', { readings: [1, Number.NaN] }, /payload\.readings\[1\] is NaN/],
    ['a BigInt', { id: 10n }, /payload\.id is a bigint/],
  ])('refuses %s, naming the value', async (_what, payload, message) => {
    await expect(queue.push(payload)).rejects.toThrow(PayloadError);
    await expect(queue.push(payload)).rejects.toThrow(message);
  });

  it('stored none of them, and still takes a good payload', async () => {
    expect(await queueState(db)).toEqual({ queued: [], running: [], deadLetters: [] });
    await queue.push({ id: 1, event: 'door opened', tags: ['front'], extra: null });
    await queue.whenEmpty();
    expect(ran).toEqual([{ id: 1, event: 'door opened', tags: ['front'], extra: null }]);
  });
});
