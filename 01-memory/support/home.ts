// A long-running "home controller" process: device, worker and in-memory queue in one process.
// The crash demo and the crash test start it, kill it with SIGKILL, and start it again.
//
//   tsx 01-memory/home.ts --push 8 --latency 150 --journal /tmp/device.jsonl
//
// --push N    queue N commands at start (0: queue nothing, just report what the queue holds)
// --from K    number their rooms from K (default 1), so a restarted process can push commands of its own
// --latency   ms per device call, so a kill can land while items wait
// --journal   the device appends every command it carries out to this file
import { parseArgs } from 'node:util';
import { Device, type Command } from './device.ts';
import { createWorker } from './worker.ts';
import { createQueue } from './queue.ts';
import { pushCommands } from './producer.ts';
import { createLogger } from '../common/log.ts';

const { values } = parseArgs({
  options: {
    push: { type: 'string', default: '8' },
    from: { type: 'string', default: '1' },
    latency: { type: 'string', default: '150' },
    journal: { type: 'string' },
  },
});
const count = Number(values.push);
const from = Number(values.from);
const latencyMs = Number(values.latency);
if (!Number.isInteger(count) || count < 0)
  throw new Error(`--push must be a whole number >= 0, got "${values.push}"`);
if (!Number.isInteger(from)) throw new Error(`--from must be a whole number, got "${values.from}"`);
if (!(latencyMs >= 0)) throw new Error(`--latency must be a number of ms >= 0, got "${values.latency}"`);

const log = createLogger(`home ${process.pid}`);
const device = new Device({ latencyMs, journalPath: values.journal });
const queue = createQueue(createWorker(device));

// A fresh process starts with an empty queue: whatever the last one held died with it.
log('started; the queue holds %d items', queue.length());

const commands: Command[] = Array.from({ length: count }, (_, i) => ({
  command: i % 2 ? 'lights off' : 'lights on',
  options: { room: `room ${from + i}` },
}));
await pushCommands(queue, commands, log);
log('all done; the queue holds %d items', queue.length());
