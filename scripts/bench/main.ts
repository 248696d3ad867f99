// npm run bench [-- --quick] [--only 3] [--jobs N] [--concurrency 1,10] [--repeats N] [--backlog N]
// [--out DIR] [--write-docs]   (--help lists them: options.ts)
//
// Runs the same no-op workload through every chapter's own queue code, the bare engine under it, and
// the production peers, then prints a table. The numbers go to bench-results/ (git-ignored); only a full
// run given --write-docs puts them into the docs (report/render-docs.ts): --quick never touches a
// tracked file.
//
// Two folders: measure/ times the queues (harness.ts, and one file per chapter in measure/cases/: add a
// case there); report/ turns one run's results into tables, the chart and the docs pages.
import { parseOptions } from './options.ts';

// --help and wrong usage answer before the queue libraries load: run.ts reads the options again.
parseOptions(process.argv.slice(2));
await import('./run.ts');
