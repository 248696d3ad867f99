// The article's listing (xiaOp, 《Node.js 中的消息队列》, 2017) on today's async@3, as close to the
// original as it runs: callbacks, one `connected` flag, a retry on ECONN. Two changes, or it would not
// run at all: `connected` is declared (an ES module is strict, and assigning an undeclared name throws),
// and push() queues the command (the article pushed the worker function). `queue` and `domotic` are
// exported so the demos can look inside. `npm run chapter:1 -- article`
import async from 'async';
import { Device, type Command } from './device.ts';

type Callback = (err?: Error | null, result?: string) => void;

export const domotic = new Device({ latencyMs: 1 });
let connected = false;

export const queue = async.queue<Command, string, Error>(work, 1);

function work(item: Command, cb: Callback): void {
  ensureConnected(function () {
    domotic.command(item.command, item.options).then(
      (result) => cb(null, result),
      (err) => {
        if (err.code == 'ECONN') {
          connected = false;
          work(item, cb);
        } else cb(err);
      },
    );
  });
}

// The article does not show ensureConnected. The obvious version: connect, and when that fails, try again.
function ensureConnected(cb: () => void): void {
  if (connected) return cb();
  domotic.connect().then(
    () => {
      connected = true;
      cb();
    },
    () => ensureConnected(cb),
  );
}

export function push(command: string, options: Record<string, unknown>, cb: Callback): void {
  queue.push({ command, options }, cb);
}
