// level-jobs talks to LevelDB through level-sublevel 6, written for the callback API of 2014:
// `db.open(cb)`, `db.batch(ops, opts, cb)`, `db.iterator(opts).next(cb)`. `level` 9 and 10 have
// promises only (level 9 dropped callbacks): they ignore those callbacks, so level-jobs waits for them
// forever and the process just exits, silently, without running a single job.
//
// level-sublevel's nut.js can reach the database through six calls: isOpen, open, batch, iterator, get
// and isClosed. level-jobs never makes it call get (it finds jobs with an iterator, never reads one key)
// nor isClosed, so this adapter answers the other four with level@10's promises. put and del need none:
// level-sublevel turns them into batch. Encoding is level-sublevel's job too: it hands us keys like
// `!work!1764115200000123` and JSON strings, so we store strings as they are.
// Why an adapter at all, and the API generations: docs/02-leveldb-deep-dive.md.
import type { Level } from 'level';
import type Jobs from 'level-jobs';

type Done<T extends unknown[] = []> = (err: Error | null, ...results: T) => void;

/** Settles a promise into a callback, outside the promise chain, so an exception thrown by the
 *  callback is an uncaught exception (as callback code expects), not a silently lost rejection. */
function settle<T extends unknown[]>(promise: Promise<T>, callback: Done<T>): void {
  promise.then(
    (results) => process.nextTick(callback, null, ...results),
    (err: Error) => process.nextTick(callback, err),
  );
}

export function callbackDatabase(db: Level<string, string>): Jobs.CallbackDatabase {
  return {
    isOpen: () => db.status === 'open',
    open: (callback) => settle(db.open().then(none), callback),
    batch: (ops, _options, callback) => settle(db.batch(ops.map(toPromiseOperation)).then(none), callback),
    iterator: (options) => {
      // Only the range and what to read: level-sublevel also passes its own encoding options, which
      // would make level@10 decode JSON a second time (level-jobs' pendingStream asks for 'json').
      const { gt, gte, lt, lte, limit, reverse, keys, values } = options;
      try {
        const iterator = db.iterator(definedOnly({ gt, gte, lt, lte, limit, reverse, keys, values }));
        return {
          // level@10 resolves `undefined` at the end; the callback protocol signals it with no key and no
          // value.
          next: (callback) =>
            settle(
              iterator.next().then((entry): [string?, string?] => entry ?? []),
              callback,
            ),
          end: (callback) => settle(iterator.close().then(none), callback),
        };
      } catch (err) {
        // level@10 throws at once when the database is closed. level-jobs looks for the next job on its
        // own schedule, so that look-up can come just after we closed the database: the callback API
        // reports it through the callback, where level-jobs handles it, instead of crashing the process.
        return {
          next: (callback) => process.nextTick(callback, err as Error),
          end: (callback) => process.nextTick(callback, null),
        };
      }
    },
  };
}

const none = (): [] => [];

function toPromiseOperation(op: Jobs.CallbackBatchOperation) {
  // A put without a value (level-jobs stores `undefined` for `push(undefined)`) goes through as it is:
  // level@10 rejects it with LEVEL_INVALID_VALUE, and the error reaches push()'s callback.
  return op.type === 'del'
    ? { type: 'del' as const, key: op.key }
    : { type: 'put' as const, key: op.key, value: op.value as string };
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
