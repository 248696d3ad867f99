// The parent side of the memory measurement: each backlog is measured by memory-child.ts in a fresh
// Node process, so its RSS carries nothing but the libraries and the waiting jobs.
import { once } from 'node:events';
import { spawnScript } from '../../../common/process.ts';
import type { BacklogRow } from '../report/results.ts';
import type { Backlog } from './backlog-types.ts';
import type { Case } from './harness.ts';
import type { Progress } from './progress.ts';

/** Runs memory-child.ts in a fresh Node process and reads its JSON lines, one per backlog. */
export async function measureBacklogs(
  list: Array<Backlog & { chapter: Case['chapter'] }>,
  jobs: number,
  progress: Progress,
): Promise<BacklogRow[]> {
  const targets = list.map((b) => `${b.chapter}:${b.id}`);
  const results = new Map<string, Omit<BacklogRow, 'label' | 'where'>>();
  const errors: string[] = [];
  const child = spawnScript(new URL('./memory-child.ts', import.meta.url), {
    args: [String(jobs), ...targets],
    nodeArgs: ['--expose-gc'],
    echo(line, stream) {
      if (stream === 'stdout') {
        const { heapBefore, heapAfter, ...result } = JSON.parse(line) as Omit<
          BacklogRow,
          'label' | 'where' | 'heapGrowth'
        > & { heapBefore: number; heapAfter: number };
        results.set(result.id, { ...result, heapGrowth: heapAfter - heapBefore });
        return;
      }
      const m = /^progress (\S+) (\d+)\/(\d+)/.exec(line);
      if (m) progress.update(`filling ${m[1]}: ${m[2]}/${m[3]}`);
      else errors.push(line);
    },
  });
  // 'close', not 'exit': by then both pipes are read to the end, the last JSON line included.
  const [code] = (await once(child.process, 'close')) as [number | null];
  // The error's own line ("Error: connect ECONNREFUSED ..."), not the source line Node prints above it.
  const why =
    errors.find((l) => /^\s*\w*Error: /.test(l)) ??
    errors.find((l) => /Error/.test(l)) ??
    errors.at(-1) ??
    `exit code ${code}`;
  return list.map((b) => {
    const result = results.get(b.id);
    return result
      ? { ...result, label: b.label, where: b.where }
      : { id: b.id, label: b.label, where: b.where, jobs, error: why };
  });
}
