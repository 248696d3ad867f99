// Shared by the exercise tests. An exercise's slow end-to-end test (a child process killed with a real
// signal, a private redis-server, a crash and a restart) runs only once the quick tests above it in
// the same file pass: while they fail it is skipped, with a note saying why. An attendee sees the quick,
// precise failures first.
// The both-ways check (scripts/exercises-both-ways.test.ts) sets EXERCISE_RUN_EVERY_TEST=1: it must see
// every test fail on an untouched problem file, the slow one included, because each tests a TODO of its own.
import type { TestContext } from 'vitest';

interface TaskLike {
  id: string;
  name: string;
  type: string;
  tasks?: TaskLike[];
  result?: { state?: string };
}

function testsOf(task: TaskLike): TaskLike[] {
  return task.type === 'test' ? [task] : (task.tasks ?? []).flatMap(testsOf);
}

export function afterTheQuickTests(ctx: TestContext): void {
  if (process.env.EXERCISE_RUN_EVERY_TEST === '1') return;
  const failed = testsOf(ctx.task.file as TaskLike).filter(
    (t) => t.id !== ctx.task.id && t.result?.state === 'fail',
  );
  ctx.skip(
    failed.length > 0,
    `runs once the tests above pass (failing: ${failed.map((t) => t.name).join('; ')})`,
  );
}
