// Types for simple-redis-safe-work-queue@3.1.1 (CommonJS, callbacks, no types of its own), written from
// its source (client.js, worker.js, *_watchdog.js). Only what the package really does; import it as
//   import Queue from 'simple-redis-safe-work-queue';
declare module 'simple-redis-safe-work-queue' {
  import type { EventEmitter } from 'node:events';

  namespace Queue {
    /** The options of the bundled `redis@2` client that matter here (passed through as `redisOptions`). */
    interface RedisOptions {
      /** Default true: while disconnected, commands wait (for up to an hour) for the next connection. */
      enable_offline_queue?: boolean;
      /** Delay before the next reconnect attempt. While it is set, connection errors are not emitted. */
      retry_strategy?: (info: { attempt: number; error: Error | null; total_retry_time: number; times_connected: number }) => number | Error | undefined;
      [option: string]: unknown;
    }

    /** The bundled `redis@2` client behind a queue client (`client.client`). */
    interface RedisConnection extends EventEmitter {
      /** True once connected and ready for commands. */
      readonly ready: boolean;
      /** Closes the connection at once, without QUIT; `flush` fails the commands still waiting. */
      end(flush: boolean): void;
    }

    interface ConnectionOptions {
      port?: number; // default 6379
      host?: string; // default "127.0.0.1"
      password?: string;
      redisOptions?: RedisOptions;
    }

    interface ClientOptions extends ConnectionOptions {
      /** How long (ms) a worker may hold a job before the timeout watchdog puts it back. Default 60 000. */
      defaultTimeout?: number;
    }

    interface PushOptions {
      /** This job's timeout in ms (overrides `defaultTimeout`). */
      timeout?: number;
    }

    type Callback = (err?: Error | null) => void;

    /** A producer. Events: 'ready', 'before push', 'after push', 'error', 'end'. */
    interface Client extends EventEmitter {
      /** Stores the payload (JSON) under a new id and puts the id on `<name>-pending`, in one MULTI. */
      push(payload: unknown, callback?: Callback): void;
      push(payload: unknown, options: PushOptions, callback?: Callback): void;
      /** Closes the connection (QUIT). There is no `quit()`. A second call without a callback throws. */
      stop(callback?: () => void): void;
      readonly client: RedisConnection;
    }

    /** Called with the job's payload; call `done(err)` to fail the attempt, `done()` to finish the job. */
    type WorkFunction<T> = (payload: T, done: Callback) => void;

    interface WorkerOptions extends ClientOptions {
      /** Jobs in flight at once in this worker. Default 10. */
      maxConcurrency?: number;
      /** Total attempts (not retries after the first): 2 means one try and one retry. Default 10. */
      maxRetries?: number;
      /** Seconds each blocking pop waits; `stop()` waits for the pop in progress. Default 3. */
      popTimeout?: number;
      /** Ms a popped job may sit unstarted before the stalled watchdog puts it back. Default 5000. */
      stalledTimeout?: number;
      /** Ms between watchdog polls. Default 1000. */
      pollInterval?: number;
      runTimeoutWatchdog?: boolean; // default true
      runStalledWatchdog?: boolean; // default true
      autoListen?: boolean; // default true
    }

    interface Worker<T> extends EventEmitter {
      on(event: 'ready' | 'listening' | 'end', listener: () => void): this;
      on(event: 'work done' | 'repush', listener: (payload: T) => void): this;
      on(event: 'max retries', listener: (lastError: Error, payload: T) => void): this;
      on(event: 'worker error' | 'error', listener: (err: Error) => void): this;
      on(event: 'timeout requeued', listener: (jobId: string) => void): this;
      on(event: 'stalled requeued', listener: (jobId: string) => void): this;
      on(event: string, listener: (...args: any[]) => void): this;
      /** Stops popping and closes every connection; does NOT wait for jobs in flight. */
      stop(callback?: () => void): void;
      listen(): void;
      fetch(): void;
    }
  }

  const Queue: {
    client(queueName: string, options?: Queue.ClientOptions): Queue.Client;
    createClient(queueName: string, options?: Queue.ClientOptions): Queue.Client;
    worker<T>(queueName: string, work: Queue.WorkFunction<T>, options?: Queue.WorkerOptions | number): Queue.Worker<T>;
    createWorker<T>(queueName: string, work: Queue.WorkFunction<T>, options?: Queue.WorkerOptions | number): Queue.Worker<T>;
  };

  export = Queue;
}
