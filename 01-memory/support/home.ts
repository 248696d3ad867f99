// A home controller, `npm run chapter:1 -- home`: device, worker and in-memory queue in a process of
// their own, so a reader (or the crash demo, or a test) can kill it with SIGKILL and start it again.
// It prints its pid first, queues its commands, and exits once all are done.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Device, type Command } from '../device.ts';
import { createWorker } from '../worker.ts';
import { createQueue, type CommandQueue } from '../queue.ts';
import { pushCommands } from '../producer.ts';
import { createLogger } from '../../common/log.ts';
import type { HomeOptions } from './cli.ts';

export async function runHome({ push, from, latencyMs, worker, journal }: HomeOptions): Promise<void> {
  mkdirSync(dirname(journal), { recursive: true });
  let queue: CommandQueue;
  if (worker === 'article') {
    // The article's own queue and device, slowed down and given a journal.
    const article = await import('../article.ts');
    article.domotic.configure({ latencyMs, journalPath: journal });
    queue = article.queue;
  } else {
    queue = createQueue(createWorker(new Device({ latencyMs, journalPath: journal })));
  }

  const log = createLogger(`home ${process.pid}`);
  // A fresh process starts with an empty queue: whatever the last one held died with it.
  log('started (%s worker); the queue holds %d items', worker, queue.length());

  const commands: Command[] = Array.from({ length: push }, (_, i) => ({
    command: i % 2 ? 'lights off' : 'lights on',
    options: { room: `room ${from + i}` },
  }));
  const finished = pushCommands(queue, commands, log);
  if (push > 0) log('%d commands queued; the queue holds %d waiting', push, queue.length());
  await finished;
  log('all done; the queue holds %d items', queue.length());
}
