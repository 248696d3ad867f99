// The workshop exercises, checked both ways: each reference solution passes its tests, and each
// untouched problem file fails them (an exercise whose tests already pass on the problem file teaches
// nothing: its tests do not test the TODO). One child vitest run covers every exercise and both
// targets (the two projects of scripts/exercises.vitest.config.ts); then one test per exercise and
// direction says which one is broken. Also checks that docs/exercises.md carries each statement and hint.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listExercises, readHints, repoRoot, docPath } from './exercise-catalog.ts';
import type { ExerciseTestResult } from './exercise-results-reporter.ts';
import { makeTempDir } from '../common/testing/temp-dir.ts';

const exercises = listExercises();
const results = new Map<string, ExerciseTestResult>();
let childOutput = '';

beforeAll(async () => {
  const { dir, remove } = await makeTempDir('exercises-both-ways-');
  const resultsFile = path.join(dir, 'results.json');
  try {
    const vitest = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
    const child = spawn(
      process.execPath,
      [vitest, 'run', '--config', 'scripts/exercises.vitest.config.ts', '--reporter', './scripts/exercise-results-reporter.ts'],
      { cwd: repoRoot, env: { ...process.env, EXERCISE_RESULTS_FILE: resultsFile, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (d) => (childOutput += d));
    child.stderr.on('data', (d) => (childOutput += d));
    await new Promise((resolve) => child.once('exit', resolve));
    if (!existsSync(resultsFile)) throw new Error(`the exercises' vitest run wrote no results:\n${childOutput}`);
    const parsed = JSON.parse(readFileSync(resultsFile, 'utf8')) as { results: ExerciseTestResult[] };
    for (const r of parsed.results) results.set(`${r.project}:${r.file}`, r);
  } finally {
    await remove();
  }
}, 120_000);

function summary(r: ExerciseTestResult): string {
  return r.tests.map((t) => `  ${t.state === 'passed' ? '✓' : '✗'} ${t.name}${t.error ? `\n      ${t.error.split('\n')[0]}` : ''}`).join('\n');
}

describe('workshop exercises', () => {
  it('exist, each with a problem, a solution and tests', () => {
    expect(exercises.length).toBeGreaterThan(0);
    for (const e of exercises) {
      for (const file of [e.problem, e.solution, e.test]) {
        expect(existsSync(path.join(repoRoot, file)), `exercise ${e.id} is missing ${file}`).toBe(true);
      }
      expect(e.title, `${e.problem} must start with "// Exercise ${e.id} · Title"`).not.toBe('');
      expect(e.difficulty, `${e.problem}: second line must be "// Difficulty: ..."`).toMatch(/min/);
      expect(readFileSync(path.join(repoRoot, e.problem), 'utf8'), `${e.problem} has no TODO for the attendee`).toContain('TODO');
      expect(readFileSync(path.join(repoRoot, e.solution), 'utf8'), `${e.solution} still has a TODO`).not.toContain('TODO');
    }
  });

  it('are all in docs/exercises.md: statement copied exactly, and a hint', () => {
    const doc = readFileSync(path.join(repoRoot, docPath), 'utf8');
    const hints = readHints();
    for (const e of exercises) {
      expect(doc.includes(e.statement), `${docPath} must contain the statement of ${e.id} exactly as in ${e.problem}`).toBe(true);
      expect(hints.get(e.id), `${docPath} has no "<details><summary>Hint for ${e.id}</summary>" block`).toBeTruthy();
    }
  });

  describe.each(exercises.map((e) => [e.id, e] as const))('%s', (id, e) => {
    it('its solution passes every test', () => {
      const r = results.get(`solution:${e.test}`);
      expect(r, `no result for ${e.test} against the solution\n${childOutput.slice(-3000)}`).toBeDefined();
      const ok = r!.moduleState === 'passed' && r!.tests.length > 0 && r!.tests.every((t) => t.state === 'passed');
      expect(ok, `exercise ${id} is broken: ${e.solution} fails its tests (${e.test}):\n${summary(r!)}`).toBe(true);
    });

    it('its untouched problem file fails at least one test', () => {
      const r = results.get(`problem:${e.test}`);
      expect(r, `no result for ${e.test} against the problem file\n${childOutput.slice(-3000)}`).toBeDefined();
      const failed = r!.moduleState === 'failed' || r!.tests.some((t) => t.state === 'failed');
      expect(failed, `exercise ${id} is broken: ${e.problem} passes its tests already, so they do not test the TODOs:\n${summary(r!)}`).toBe(true);
    });
  });
});
