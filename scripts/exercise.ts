// The workshop runner.
//   npm run exercise -- list              every exercise, with difficulty and time
//   npm run exercise -- 1.1               statement, then the tests in watch mode against your file
//   npm run exercise -- 1.1 --solution    the same tests against the reference solution
//   npm run exercise -- 1.1 --once        run once and exit (no watch); the exit code says pass/fail
// On a red run the hint is printed (scripts/exercise-reporter.ts); the statements and hints are also
// in docs/exercises.md.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { listExercises, findExercise, repoRoot } from './exercise-catalog.ts';

const USAGE = 'Usage: npm run exercise -- <id> [--solution] [--once]   |   npm run exercise -- list';

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        solution: { type: 'boolean', default: false },
        once: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
const { values, positionals } = parse();

const command = positionals[0] ?? 'list';
if (command === 'list') {
  printList();
} else {
  const exercise = findExercise(command);
  if (!exercise) {
    console.error(`No exercise "${command}". Known: ${listExercises().map((e) => e.id).join(', ') || '(none)'}.`);
    console.error(USAGE);
    process.exit(2);
  }
  const target = values.solution ? 'solution' : 'problem';
  const rule = '─'.repeat(78);
  console.log(rule);
  console.log(exercise.statement);
  console.log(rule);
  console.log(
    target === 'solution'
      ? `Running the tests of ${exercise.id} against the REFERENCE SOLUTION: ${exercise.solution}`
      : `Your file: ${exercise.problem}\nTests:     ${exercise.test}${values.once ? '' : '  (watch mode: save your file to re-run, q to quit)'}`,
  );
  console.log(rule);

  const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
  const args = [
    vitest,
    values.once ? 'run' : 'watch',
    '--config', 'scripts/exercises.vitest.config.ts',
    '--project', target,
    '--reporter', 'default',
    '--reporter', './scripts/exercise-reporter.ts',
    exercise.test,
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, EXERCISE_ID: exercise.id, EXERCISE_TARGET_LABEL: target },
  });
  // Ctrl-C reaches vitest directly (same terminal); a plain `kill` of this process is passed on.
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

function printList(): void {
  const exercises = listExercises();
  if (exercises.length === 0) {
    console.log('No exercises found.');
    return;
  }
  console.log('Workshop exercises (statements and hints: docs/exercises.md)\n');
  for (const e of exercises) {
    console.log(`  ${e.id.padEnd(4)} ${e.title}`);
    console.log(`       ${e.difficulty}  ·  edit ${e.problem}`);
  }
  console.log('\nRun one: npm run exercise -- <id>    (add --solution to see the reference answer pass)');
}
