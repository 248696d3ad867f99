// Used by `npm run exercise -- <id>`: after every run (each save, in watch mode) it says what to do
// next. Red: the hint from docs/exercises.md and where the solution is. Green: well done.
// A run on the attendee's own file is remembered (pass or fail) for `npm run exercise` and `-- next`;
// a run with a server down is not a verdict, so it is not remembered.
import type { Reporter, TestModule } from 'vitest/node';
import { findExercise, readHints } from './exercise-catalog.ts';
import { recordCheck } from './exercise-progress.ts';

export default class ExerciseReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const id = process.env.EXERCISE_ID;
    const exercise = id ? findExercise(id) : undefined;
    if (!id || !exercise) return;
    const tests = testModules.flatMap((m) => [...m.children.allTests()]);
    const failed =
      unhandledErrors.length > 0 ||
      tests.length === 0 ||
      tests.some((t) => t.result().state === 'failed') ||
      testModules.some((m) => m.state() === 'failed');
    const out: string[] = [''];
    const onSolution = process.env.EXERCISE_TARGET_LABEL === 'solution';
    // A server that is down is not a wrong answer: say how to start it instead of giving a hint.
    const errors = [
      ...tests.flatMap((t) => t.result().errors ?? []),
      ...testModules.flatMap((m) => [
        ...m.errors(),
        ...[...m.children.allSuites()].flatMap((suite) => suite.errors()),
      ]),
    ];
    const messages = errors.map((e) => e.message ?? '');
    const serverDown = messages.find((m) => m.includes('npm run services:start'));
    if (!onSolution && !serverDown) recordCheck(id, !failed);
    if (serverDown) {
      out.push(
        `✘ ${serverDown.split('\n')[0]}`,
        '  Start it, then save your file (or press Enter in watch mode) to run the tests again.',
      );
    } else if (!failed) {
      out.push(
        onSolution
          ? `✔ The reference solution of ${id} passes. Read it: ${exercise.solution}`
          : `✔ Exercise ${id} passes. Well done! Compare with the reference answer: ${exercise.solution}`,
      );
    } else if (onSolution) {
      out.push(
        `✘ The reference solution of ${id} fails: the exercise itself is broken (or a server is down).`,
      );
    } else {
      const hint = readHints().get(id) ?? '(no hint written for this exercise yet)';
      out.push(`✘ Not yet. Hint for ${id}:`, '', indent(hint), '');
      out.push(`  Edit ${exercise.problem} and save: the tests run again.`);
      out.push(
        `  Stuck? The answer is in ${exercise.solution} (npm run exercise -- ${id} --solution runs it).`,
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}
