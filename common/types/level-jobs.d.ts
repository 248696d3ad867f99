// level-jobs@2.1.1 ships no types. This declares what its source (index.js, server.js, client.js) does,
// not what its README says: worker ids arrive as strings (read back from the database), and
// pendingStream()/runningStream() read the opposite sublevels to what the README describes.
declare module 'level-jobs' {
  import type { EventEmitter } from 'node:events';
  import type { Readable } from 'node:stream';

  namespace Jobs {
    type Callback = (err?: Error | null) => void;

    /** Called once per run of a job; call `done(err)` to ask for a retry, `done()` when finished. */
    type Worker<T> = (id: string, payload: T, done: Callback) => void;

    interface BackoffOptions {
      initialDelay?: number;
      maxDelay?: number;
      randomisationFactor?: number;
    }

    /** Merged shallowly with the defaults: passing part of `backoff` drops the rest of its defaults. */
    interface Options {
      /** Default Infinity. */
      maxConcurrency?: number;
      /** Retries after the first run; at least 1. Default 10. */
      maxRetries?: number;
      /** Default { randomisationFactor: 0, initialDelay: 10, maxDelay: 300 }. */
      backoff?: BackoffOptions;
    }

    /**
     * The callback-style database level-jobs needs, through level-sublevel 6: exactly these calls.
     * (level-sublevel routes put and del through batch, and never closes the database.)
     */
    interface CallbackDatabase {
      isOpen(): boolean;
      open(callback: (err?: Error | null) => void): void;
      batch(ops: CallbackBatchOperation[], options: object, callback: (err?: Error | null) => void): void;
      iterator(options: CallbackIteratorOptions): CallbackIterator;
    }

    interface CallbackBatchOperation {
      type: 'put' | 'del';
      key: string;
      value?: string;
    }

    interface CallbackIteratorOptions {
      gt?: string;
      gte?: string;
      lt?: string;
      lte?: string;
      limit?: number;
      reverse?: boolean;
      keys?: boolean;
      values?: boolean;
      [other: string]: unknown;
    }

    interface CallbackIterator {
      /** Calls back with (null, key, value), or with no key and no value at the end. */
      next(callback: (err: Error | null, key?: string, value?: string) => void): void;
      end(callback: (err?: Error | null) => void): void;
    }

    interface Queue<T> extends EventEmitter {
      /** Stores the payload (JSON, via json-stringify-safe) and returns the new job's id. */
      push(payload: T, callback?: Callback): number;
      pushBatch(payloads: T[], callback?: Callback): number[];
      /** Deletes a job that has not started yet. */
      del(id: number | string, callback?: Callback): void;
      delBatch(ids: Array<number | string>, callback?: Callback): void;
      /** Reads the jobs that have STARTED (the `pending` sublevel), despite the README. */
      pendingStream(options?: object): Readable;
      /** Reads the jobs WAITING to start (the `work` sublevel), despite the README. */
      runningStream(options?: object): Readable;

      /** A run failed and will be retried; no job id is given. */
      on(event: 'retry', listener: (err: Error) => void): this;
      /** `max retries reached` (no job id) or a storage error. Without a listener the process crashes. */
      on(event: 'error', listener: (err: Error) => void): this;
      /** Nothing left to start (also emitted once at start-up when the queue is empty). */
      on(event: 'drain', listener: () => void): this;
    }
  }

  function Jobs<T = unknown>(
    db: Jobs.CallbackDatabase,
    worker: Jobs.Worker<T>,
    options?: number | Jobs.Options,
  ): Jobs.Queue<T>;

  export = Jobs;
}
