// Types for simple-redis-safe-work-queue@3.1.1 (CommonJS, callbacks, no types of its own), written from
// its source (client.js, worker.js, *_watchdog.js). Only what the package really does; import it as
//   import Queue from 'simple-redis-safe-work-queue';
// The events are typed one by one and there is no catch-all: `worker.on('max retry', ...)` (a typo for
// 'max retries') does not compile. A worker's payload is `unknown`: it is whatever JSON a producer
// stored, so the worker must check it (03-redis/job.ts does).
declare module 'simple-redis-safe-work-queue' {
  namespace Queue {
    /** on/once/off for a fixed set of events, each with its own arguments. */
    interface Events<E extends Record<string, unknown[]>> {
      on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
      once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
      off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this;
      removeAllListeners(event?: keyof E & string): this;
      listenerCount(event: keyof E & string): number;
    }

    /** The options of the bundled `redis@2` client that matter here (passed through as `redisOptions`). */
    interface RedisOptions {
      /**
       * Default true: while disconnected, commands wait for the next connection (up to `connect_timeout`).
       */
      enable_offline_queue?: boolean;
      /** Delay (ms) before the next reconnect attempt; return an Error (or nothing) to stop reconnecting. */
      retry_strategy?: (info: {
        attempt: number;
        error: Error | null;
        total_retry_time: number;
        times_connected: number;
      }) => number | Error | undefined;
      /** Ms of reconnecting after which the client gives up for good. Default 3 600 000 (one hour). */
      connect_timeout?: number;
    }

    /** The bundled `redis@2` client behind a queue client (`client.client`). */
    interface RedisConnection
      extends Events<{
        ready: [];
        connect: [];
        reconnecting: [info: { delay: number; attempt: number; error: Error | null }];
        end: [];
        error: [err: Error];
        warning: [message: string];
      }> {
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

    /** A redis@2 error may carry a code, e.g. 'UNCERTAIN_STATE' when the connection went mid-command. */
    type QueueError = Error & { code?: string };
    type Callback = (err?: QueueError | null) => void;

    /** What the library stores in the job's hash (`<queue>#<id>`); the payload as JSON. */
    interface StoredWork {
      id: string;
      timeout: number;
      payload: string;
      tried: number;
    }

    /** A producer of jobs of type T. */
    interface Client<T>
      extends Events<{
        ready: [];
        'before push': [work: StoredWork];
        'after push': [work: StoredWork];
        error: [err: QueueError];
        end: [];
      }> {
      /** Stores the payload (JSON) under a new id and puts the id on `<name>-pending`, in one MULTI. */
      push(payload: T, callback?: Callback): void;
      push(payload: T, options: PushOptions, callback?: Callback): void;
      /** Closes the connection (QUIT). There is no `quit()`. A second call without a callback throws. */
      stop(callback?: () => void): void;
      readonly client: RedisConnection;
    }

    /**
     * Called with the job's payload, parsed from JSON; `done(err)` fails the attempt, `done()` finishes the
     * job.
     */
    type WorkFunction = (payload: unknown, done: (err?: Error | null) => void) => void;

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

    interface WorkerEvents {
      ready: [];
      listening: [];
      end: [];
      /** Before the finished job is deleted from Redis. */
      'work done': [payload: unknown];
      /** A failed attempt goes back to the queue. */
      repush: [payload: unknown];
      /** The last attempt failed; the job has been deleted. */
      'max retries': [lastError: Error, payload: unknown];
      'worker error': [err: Error];
      error: [err: QueueError];
      'timeout requeued': [jobId: string];
      'stalled requeued': [jobId: string];
      /** A popped id whose hash is gone. */
      'work object empty': [jobId: string];
    }

    interface Worker extends Events<WorkerEvents> {
      /** Stops popping and closes every connection; does NOT wait for jobs in flight. */
      stop(callback?: () => void): void;
      listen(): void;
      fetch(): void;
    }
  }

  const Queue: {
    client<T = unknown>(queueName: string, options?: Queue.ClientOptions): Queue.Client<T>;
    createClient<T = unknown>(queueName: string, options?: Queue.ClientOptions): Queue.Client<T>;
    worker(queueName: string, work: Queue.WorkFunction, options?: Queue.WorkerOptions | number): Queue.Worker;
    createWorker(
      queueName: string,
      work: Queue.WorkFunction,
      options?: Queue.WorkerOptions | number,
    ): Queue.Worker;
  };

  export = Queue;
}
