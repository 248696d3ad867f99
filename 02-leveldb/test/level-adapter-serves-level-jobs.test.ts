// The callback adapter gives level-sublevel (and so level-jobs) what it calls on the database, on
// top of level@10's promises: open, batch, and iterators read with next(cb)/end(cb).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Level } from 'level';
import Jobs from 'level-jobs';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { callbackDatabase } from '../support/level-adapter.ts';

const call = <T extends unknown[]>(
  fn: (cb: (err: Error | null | undefined, ...results: T) => void) => void,
) => new Promise<T>((resolve, reject) => fn((err, ...results) => (err ? reject(err) : resolve(results))));

describe('the level@10 callback adapter', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Level<string, string>;

  beforeEach(async () => {
    tmp = await makeTempDir();
    db = new Level<string, string>(tmp.dir);
  });
  afterEach(async () => {
    await db.close();
    await tmp.remove();
  });

  it('opens with a callback and reports whether the database is open', async () => {
    const adapted = callbackDatabase(db);
    await call((cb) => adapted.open(cb));
    expect(adapted.isOpen()).toBe(true);
    await db.close();
    expect(adapted.isOpen()).toBe(false);
  });

  it('writes batches and reads them back through a callback iterator, with ranges and limits', async () => {
    const adapted = callbackDatabase(db);
    await call((cb) => adapted.open(cb));
    await call((cb) =>
      adapted.batch(
        [
          { type: 'put', key: '!work!1', value: '{"a":1}' },
          { type: 'put', key: '!work!2', value: '{"a":2}' },
          { type: 'put', key: '!other!1', value: 'x' },
          { type: 'del', key: '!other!1' },
        ],
        {},
        cb,
      ),
    );
    // level-sublevel passes its own encoding options too; the adapter must not decode values twice.
    const iterator = adapted.iterator({
      gte: '!work!',
      lte: '!work!\uffff',
      limit: -1,
      valueEncoding: 'json',
      keyAsBuffer: false,
    });
    const first = await call<[string?, string?]>((cb) => iterator.next(cb));
    const second = await call<[string?, string?]>((cb) => iterator.next(cb));
    const end = await call<[string?, string?]>((cb) => iterator.next(cb));
    await call((cb) => iterator.end(cb));
    expect(first).toEqual(['!work!1', '{"a":1}']);
    expect(second).toEqual(['!work!2', '{"a":2}']);
    expect(end).toEqual([]); // the callback protocol's "no more": no key, no value

    const limited = adapted.iterator({ gt: '!work!1', lte: '!work!\uffff', limit: 1 });
    expect(await call<[string?, string?]>((cb) => limited.next(cb))).toEqual(['!work!2', '{"a":2}']);
    await call((cb) => limited.end(cb));
    expect(await db.get('!other!1')).toBeUndefined();
  });

  it('passes errors to the callback', async () => {
    const adapted = callbackDatabase(db);
    await db.close();
    await expect(
      call((cb) => adapted.batch([{ type: 'put', key: 'k', value: 'v' }], {}, cb)),
    ).rejects.toThrow(/not open/i);
  });

  it('reports a read of a closed database through the callback instead of throwing', async () => {
    // level-jobs looks for its next job on its own schedule, so that look-up can come right after the
    // database was closed. level@10 throws there; a throw inside level-jobs would crash the process.
    const adapted = callbackDatabase(db);
    await call((cb) => adapted.open(cb));
    await db.close();
    const iterator = adapted.iterator({ gte: '!work!', lte: '!work!\uffff', limit: 1 });
    await expect(call((cb) => iterator.next(cb))).rejects.toThrow(/not open/i);
    await call((cb) => iterator.end(cb));
  });

  it('lets level-jobs push a job and run it (which it cannot do on level@10 alone)', async () => {
    await db.open();
    const ran: Array<{ id: string; payload: unknown }> = [];
    // Every property level-sublevel reads on the database: its nut.js could also call get and isClosed,
    // but level-jobs never makes it (a job is found with an iterator, and nothing asks isClosed).
    const read = new Set<string | symbol>();
    const adapted = new Proxy(callbackDatabase(db), {
      get(target, name, receiver) {
        read.add(name);
        return Reflect.get(target, name, receiver);
      },
    });
    const finished = new Promise<void>((resolve, reject) => {
      const queue = Jobs<{ hello: string }>(
        adapted,
        (id, payload, done) => {
          ran.push({ id, payload });
          done();
        },
        1,
      );
      queue.on('error', reject);
      // `drain` comes after level-jobs deleted the finished job: only then may the database close.
      queue.on('drain', () => ran.length > 0 && resolve());
      queue.push({ hello: 'world' }, (err) => err && reject(err));
    });
    await finished;
    expect(ran).toEqual([{ id: expect.stringMatching(/^\d+$/), payload: { hello: 'world' } }]);
    // Calls: isOpen, batch, iterator (and open, when the database is not open yet, as in article.ts).
    // Reads that are no calls: `db` (a wrapped levelup database?), `sublevel` (a sublevel already?), and
    // `options`. Never get, never isClosed.
    expect([...read].sort()).toEqual(['batch', 'db', 'isOpen', 'iterator', 'options', 'sublevel']);
  });

  it('is needed: without it, level-jobs on level@10 runs nothing and the process just exits 0', async () => {
    // A child process, because that exit is the symptom: nothing is left to wait for.
    const run = await runScript(new URL('./children/level-jobs-without-adapter.ts', import.meta.url), {
      args: [`${tmp.dir}/without-adapter`],
    });
    expect(run.code, run.output).toBe(0);
    expect(run.lines).toEqual(['exit 0']); // no run, no push callback, no error
  });
});
