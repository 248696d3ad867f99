// Shared by the exercise tests. An exercise's slow end-to-end test (a child process killed with a real
// signal, a private redis-server, a crash and a restart) runs only once the quick tests above it in
// the same file pass: while they fail it is skipped, with a note saying why. An attendee sees the quick,
// precise failures first, and the both-ways check does not spend seconds proving an untouched problem
// file wrong twice.
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
  const failed = testsOf(ctx.task.file as TaskLike).filter((t) => t.id !== ctx.task.id && t.result?.state === 'fail');
  ctx.skip(failed.length > 0, `runs once the tests above pass (failing: ${failed.map((t) => t.name).join('; ')})`);
}
