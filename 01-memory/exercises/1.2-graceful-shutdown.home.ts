// The child process of exercise 1.2's signal test (you do not need to edit it). A home controller
// with your graceful queue: it pushes 6 slow commands at start, then one more every 20 ms, like a
// live source, until the queue refuses one. The test sends it a real SIGTERM.
//
//   tsx 01-memory/exercises/1.2-graceful-shutdown.home.ts --journal /tmp/device.jsonl
import { parseArgs } from 'node:util';
import { Device, type Command } from '../device.ts';
import { createWorker } from '../worker.ts';
import { createLogger } from '../../common/log.ts';
import * as problem from './1.2-graceful-shutdown.problem.ts';
import * as solution from './1.2-graceful-shutdown.solution.ts';

const { createGracefulQueue, closeOnSignal } =
  process.env.EXERCISE_TARGET === 'solution' ? solution : problem;
const { values } = parseArgs({ options: { journal: { type: 'string' } } });

const log = createLogger('home');
const device = new Device({ latencyMs: 30, journalPath: values.journal });
const queue = createGracefulQueue(createWorker(device));
closeOnSignal(queue, { log, exit: (code) => process.exit(code) });

let n = 0;
function push(): void {
  const item: Command = { command: n % 2 ? 'lights off' : 'lights on', options: { n: ++n } };
  queue.push(item).then(
    (result) => log(" [.] '%s' #%d -> %s", item.command, item.options?.n, result),
    (err: Error) => {
      log(' [!] #%d refused: %s (%s)', item.options?.n, err.message, err.name);
      clearInterval(source);
    },
  );
  log(' [x] pushed #%d', item.options?.n);
}
for (let i = 0; i < 6; i++) push();
const source = setInterval(push, 20);
log('ready');
