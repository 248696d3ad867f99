// Finds the workshop exercises and reads what the CLI and the both-ways check need to know about them.
//
// An exercise is three files side by side in a chapter's `exercises/` folder:
//   1.1-retry-with-backoff.problem.ts    the attendee edits this one (statement at the top, TODOs)
//   1.1-retry-with-backoff.solution.ts   a reference answer
//   1.1-retry-with-backoff.test.ts       tests, run against either file (EXERCISE_TARGET)
// The statement is the problem file's leading `//` comment block; its first two lines are the title
// (`// Exercise 1.1 · Title`) and `// Difficulty: ... · about N min`. Hints live in docs/exercises.md,
// folded in `<details><summary>Hint for 1.1</summary>` blocks, so the doc is the one place to edit them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const docPath = 'docs/exercises.md';

export interface Exercise {
  /** "1.1" */
  id: string;
  title: string;
  /** "★☆☆ easy · about 20 min" */
  difficulty: string;
  /** Repo-relative paths. */
  problem: string;
  solution: string;
  test: string;
  /** The problem file's leading comment, without the `// ` prefixes. */
  statement: string;
}

const PROBLEM = /^(\d+\.\d+)-[a-z0-9-]+\.problem\.ts$/;

export function listExercises(root = repoRoot): Exercise[] {
  const exercises: Exercise[] = [];
  const chapters = readdirSync(root).filter(
    (d) => /^0\d-/.test(d) && existsSync(path.join(root, d, 'exercises')),
  );
  for (const chapter of chapters) {
    const dir = path.posix.join(chapter, 'exercises');
    for (const file of readdirSync(path.join(root, dir)).sort()) {
      const match = PROBLEM.exec(file);
      if (!match) continue;
      const problem = path.posix.join(dir, file);
      const base = problem.slice(0, -'.problem.ts'.length);
      const statement = readStatement(path.join(root, problem));
      const [titleLine = '', difficultyLine = ''] = statement.split('\n');
      exercises.push({
        id: match[1]!,
        title: titleLine.replace(/^Exercise \d+\.\d+\s*·\s*/, ''),
        difficulty: difficultyLine.replace(/^Difficulty:\s*/, ''),
        problem,
        solution: `${base}.solution.ts`,
        test: `${base}.test.ts`,
        statement,
      });
    }
  }
  return exercises.sort((a, b) => compareIds(a.id, b.id));
}

export function findExercise(id: string, root = repoRoot): Exercise | undefined {
  return listExercises(root).find((e) => e.id === id);
}

/** The leading block of `//` lines of a file, prefixes removed. */
export function readStatement(file: string): string {
  const lines: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('//')) break;
    lines.push(line.replace(/^\/\/ ?/, ''));
  }
  return lines.join('\n').trimEnd();
}

/** Hints by exercise id, from docs/exercises.md. */
export function readHints(root = repoRoot): Map<string, string> {
  const hints = new Map<string, string>();
  const file = path.join(root, docPath);
  if (!existsSync(file)) return hints;
  const doc = readFileSync(file, 'utf8');
  for (const m of doc.matchAll(
    /<details><summary>Hint for (\d+\.\d+)<\/summary>\n([\s\S]*?)\n<\/details>/g,
  )) {
    hints.set(m[1]!, m[2]!.trim());
  }
  return hints;
}

function compareIds(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}
