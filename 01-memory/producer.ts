// The producer: pushes commands and reports each result when the worker is done with it. Pushing
// returns at once; the result arrives later through the item's callback.
import type { Command } from './device.ts';
import type { CommandQueue } from './queue.ts';
import type { Logger } from '../common/log.ts';

export function pushCommands(queue: CommandQueue, commands: Command[], log: Logger): Promise<void> {
  let pending = commands.length;
  return new Promise((resolve) => {
    if (pending === 0) resolve();
    for (const item of commands) {
      queue.push<string>(item, (err, result) => {
        if (err) log.error(' [!] "%s" failed: %s', item.command, err.message);
        else log(" [.] '%s' -> %s", item.command, result);
        if (--pending === 0) resolve();
      });
      log(" [x] Queued '%s'", item.command);
    }
  });
}
