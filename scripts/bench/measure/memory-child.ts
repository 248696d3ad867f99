// The memory measurement, run in a child process so the numbers are clean: nothing else has been
// allocated in this process, and its heap starts empty.
//   node --expose-gc --import tsx scripts/bench/measure/memory-child.ts <jobs> <chapter>:<case id> [...]
// For each case, one JSON line: RSS and heap before and after filling its queue with <jobs> jobs
// nobody takes. `npm run bench` starts one child per case; --quick measures all cases in one child
// (the later ones then carry the earlier ones' leftovers: fine for a smoke run, not for real numbers).
import { backlogLoaders } from './cases/backlogs.ts';
import type { Case } from './harness.ts';
import type { Backlog } from './backlog-types.ts';

const [jobsArg, ...targets] = process.argv.slice(2);
const jobs = Number(jobsArg);
if (!Number.isInteger(jobs) || jobs < 1)
  throw new Error(`jobs must be a whole number >= 1, got "${jobsArg}"`);

const backlogs: Backlog[] = [];
for (const target of targets) {
  const [chapter, id] = target.split(':');
  const load = backlogLoaders[chapter as Case['chapter']];
  if (!load)
    throw new Error(`unknown chapter "${chapter}"; known: ${Object.keys(backlogLoaders).join(', ')}`);
  const found = (await load()).find((b) => b.id === id);
  if (!found) throw new Error(`no backlog case "${id}" in ${chapter}`);
  backlogs.push(found);
}

// If the parent dies, our pipes break: keep going, so the cleanup below still removes the backlog.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const gc = (globalThis as { gc?: () => void }).gc;
function settle(): NodeJS.MemoryUsage {
  gc?.();
  gc?.();
  return process.memoryUsage();
}

for (const backlog of backlogs) {
  // "before": the libraries are loaded, this queue does not exist yet. "after": it holds every job.
  const before = settle();
  const fillStarted = performance.now();
  let lastReport = 0;
  const filled = await backlog.fill(jobs, (pushed) => {
    if (Date.now() - lastReport > 250) {
      lastReport = Date.now();
      process.stderr.write(`progress ${backlog.id} ${pushed}/${jobs}\n`);
    }
  });
  const fillMs = performance.now() - fillStarted;
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
  const result = {
    id: backlog.id,
    jobs,
    fillMs,
    held,
    rssBefore: before.rss,
    rssAfter: after.rss,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    outside,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
process.exit(0);
