// The workshop runner.
//   npm run exercise                      every exercise, with difficulty, time and your progress
//   npm run exercise -- next              the first exercise you have not solved yet, like `-- <id>`
//   npm run exercise -- 1.1               statement, then the tests in watch mode against your file
//   npm run exercise -- 1.1 --solution    the same tests against the reference solution
//   npm run exercise -- 1.1 --once        run once and exit (no watch); the exit code says pass/fail
// On a red run the hint is printed (scripts/exercise-reporter.ts); the statements and hints are also
// in docs/exercises.md. Every run on your own file is remembered (scripts/exercise-progress.ts).
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { errorMessage } from '../common/errors.ts';
import { listExercises, findExercise, repoRoot } from './exercise-catalog.ts';
import { firstUnsolved, progressFile, readProgress } from './exercise-progress.ts';

const USAGE = 'Usage: npm run exercise -- <id>|next [--solution] [--once]   |   npm run exercise -- list';

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
    console.error(`${errorMessage(err)}\n${USAGE}`);
    process.exit(2);
  }
}
const { values, positionals } = parse();

const command = positionals[0] ?? 'list';
if (command === 'list') {
  printList();
} else {
  const exercise =
    command === 'next' ? firstUnsolved(listExercises(), readProgress()) : findExercise(command);
  if (!exercise && command === 'next') {
    console.log(
      `Every exercise passes on your files (${listExercises().length} of ${listExercises().length}). Well ` +
        `done!`,
    );
    process.exit(0);
  }
  if (!exercise) {
    console.error(
      `No exercise "${command}". Known: ${
        listExercises()
          .map((e) => e.id)
          .join(', ') || '(none)'
      }.`,
    );
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
      : `Your file: ${exercise.problem}\nTests:     ` +
          `${exercise.test}${values.once ? '' : '  (watch mode: save your file to re-run, q to quit)'}`,
  );
  console.log(rule);

  const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
  const args = [
    vitest,
    values.once ? 'run' : 'watch',
    '--config',
    'scripts/exercises.vitest.config.ts',
    '--project',
    target,
    '--reporter',
    'default',
    '--reporter',
    './scripts/exercise-reporter.ts',
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
  const progress = readProgress();
  const solved = exercises.filter((e) => progress[e.id]?.passed).length;
  console.log('Workshop exercises (statements and hints: docs/exercises.md)');
  console.log(
    `Solved: ${solved} of ${exercises.length}  (✔ passed  ✘ failed  · not checked yet; the last check of ` +
      `each, kept in ${shortPath(progressFile())})\n`,
  );
  for (const e of exercises) {
    const check = progress[e.id];
    const mark = !check ? '·' : check.passed ? '✔' : '✘';
    console.log(`  ${mark} ${e.id.padEnd(4)} ${e.title}`);
    console.log(`         ${e.difficulty}  ·  edit ${e.problem}`);
  }
  const next = firstUnsolved(exercises, progress);
  console.log(
    next
      ? `\nNext: npm run exercise -- next    (starts ${next.id}, the first one not solved yet)`
      : '\nEvery exercise passes on your files. Well done!',
  );
  console.log('Run one: npm run exercise -- <id>    (add --solution to see the reference answer pass)');
}

/** Repo-relative when inside the repo, else absolute. */
function shortPath(file: string): string {
  const relative = path.relative(repoRoot, file);
  return relative.startsWith('..') ? file : relative;
}
