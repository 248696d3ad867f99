// The article's call on today's `level`, without our adapter: `Jobs(new Level(dir), worker, 1)` and one
// push. Prints a line for each thing that happens: a run, the push's callback, an error, the exit.
//   tsx level-jobs-without-adapter.ts DIR
import { Level } from 'level';
import Jobs from 'level-jobs';

const db = new Level<string, string>(process.argv[2] ?? '');
// level-jobs expects a callback database; level 10 is not one, which is the point of this script.
const queue = Jobs(
  db as unknown as Jobs.CallbackDatabase,
  (id, _payload, done) => {
    console.log('worker ran job %s', id);
    done();
  },
  1,
);
queue.on('error', (err) => console.log('queue error: %s', err.message));
queue.push({ hello: 'world' }, (err) => console.log('push callback: %s', err ? err.message : 'ok'));
process.on('exit', (code) => console.log('exit %d', code));
