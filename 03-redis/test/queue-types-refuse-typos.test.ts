// The library's types (common/types/simple-redis-safe-work-queue.d.ts) name every event and type every
// push, with no catch-all: a misspelt event or a payload of the wrong shape does not compile. `tsc`
// (npm test runs it first) proves it: each `@ts-expect-error` below is itself an error if the line
// after it compiles.
import { describe, expect, it } from 'vitest';
import type Queue from 'simple-redis-safe-work-queue';
import type { WebhookJob } from '../job.ts';

/** Never called: only compiled. */
function misuses(worker: Queue.Worker, client: Queue.Client<WebhookJob>) {
  // @ts-expect-error 'max retry' is not an event: the library emits 'max retries'
  worker.on('max retry', () => {});
  // @ts-expect-error the listener of 'timeout requeued' gets a job id (a string), not an Error
  worker.on('timeout requeued', (err: Error) => err);
  // @ts-expect-error a Client<WebhookJob> pushes webhook jobs only
  client.push({ url: 'http://example.com' });
  // @ts-expect-error there is no quit(): it is stop()
  client.quit();
}

describe('the queue library types', () => {
  it('refuse misspelt events, wrong listeners and wrong payloads (checked by tsc)', () => {
    expect(misuses).toBeTypeOf('function');
  });
});
