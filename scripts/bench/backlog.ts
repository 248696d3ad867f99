// One memory measurement, run as its own child process so the numbers are clean: nothing else has
// been allocated in this process, and its heap starts empty.
//   node --expose-gc --import tsx scripts/bench/backlog.ts <chapter> <case id> <jobs>
// Prints one JSON line: RSS and heap before and after filling the queue with <jobs> jobs nobody takes.
import { backlogLoaders } from './cases/backlogs.ts';
import type { Case } from './harness.ts';

const [chapter, id, jobsArg] = process.argv.slice(2);
const load = backlogLoaders[chapter as Case['chapter']];
if (!load) throw new Error(`unknown chapter "${chapter}"; known: ${Object.keys(backlogLoaders).join(', ')}`);
const backlogs = await load();
const backlog = backlogs.find((b) => b.id === id);
if (!backlog) throw new Error(`no backlog case "${id}" in ${chapter}; known: ${backlogs.map((b) => b.id).join(', ')}`);
const jobs = Number(jobsArg);
if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`jobs must be a whole number >= 1, got "${jobsArg}"`);

// If the parent dies, our pipes break: keep going, so the cleanup below still removes the backlog.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const gc = (globalThis as { gc?: () => void }).gc;
function settle(): NodeJS.MemoryUsage {
  gc?.();
  gc?.();
  return process.memoryUsage();
}

// "before": every library is loaded, no queue exists yet. "after": the queue holds every job.
const before = settle();
let lastReport = 0;
const filled = await backlog.fill(jobs, (pushed) => {
  if (Date.now() - lastReport > 250) {
    lastReport = Date.now();
    process.stderr.write(`progress ${pushed}/${jobs}\n`);
  }
});
let after: NodeJS.MemoryUsage;
let held: number;
let outside: number | undefined;
try {
  after = settle();
  held = await filled.held();
  outside = await filled.outside?.();
} finally {
  await filled.cleanup();
}
process.stdout.write(
  JSON.stringify({ id, jobs, held, rssBefore: before.rss, rssAfter: after.rss, heapBefore: before.heapUsed, heapAfter: after.heapUsed, outside }) + '\n',
);
process.exit(0);
