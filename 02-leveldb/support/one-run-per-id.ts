// Joining a duplicate run, which matters only with maxConcurrency above 1 (the chapter runs one job at a
// time). level-jobs then sometimes starts a job a second time while its first run is still going: two
// look-ups read the same `!work!` key before it moves to `!pending!`. The second start joins the first
// run instead of running the job again. Why and how often: docs/02-leveldb-deep-dive.md.
import type Jobs from 'level-jobs';

/** A level-jobs worker that runs `attempt` once per job id at a time; `onJoin` hears of each join. */
export function oneRunPerId<T>(
  attempt: (id: string, payload: T) => Promise<void>,
  onJoin?: (id: string) => void,
): Jobs.Worker<T> {
  const running = new Map<string, Promise<void>>();
  return (id, payload, done) => {
    let run = running.get(id);
    if (run) onJoin?.(id);
    else {
      run = attempt(id, payload).finally(() => running.delete(id));
      running.set(id, run);
    }
    // Outside the promise chain, as callback code expects: an exception in `done` is not swallowed.
    run.then(
      () => process.nextTick(done),
      (err: unknown) => process.nextTick(done, err instanceof Error ? err : new Error(String(err))),
    );
  };
}
