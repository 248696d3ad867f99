// What a run prints and, when it does not write the docs, the report it leaves in bench-results/: the
// same generated blocks as the docs pages (blocks.ts), in English, without the pages' explanations.
import { renderBlocks } from './blocks.ts';
import type { Results } from './results.ts';

/** The console summary at the end of a run: the run, the throughput table, the memory table. */
export function renderTable(results: Results): string {
  const b = renderBlocks(results, 'en');
  return ['', b.run, '', b.throughput, '', b.memory].join('\n');
}

/** A standalone report of one run; the explanations of the numbers are on docs/benchmarks.md. */
export function renderReport(results: Results, svgName: string): string {
  const b = renderBlocks(results, 'en');
  return `# Benchmark run, ${results.machine.date}

A run of \`npm run bench\` that did not write the docs (only a full run with \`--write-docs\` does). What
each row runs and why the numbers differ: [docs/benchmarks.md](../docs/benchmarks.md).

![Throughput per queue, jobs per second, log scale](${svgName})

${b.summary}

${b.steps}

## Every row

${b.throughput}

## Memory with ${results.backlog.toLocaleString('en-US')} jobs waiting

${b.memory}

## The run

${b.run}
`;
}
