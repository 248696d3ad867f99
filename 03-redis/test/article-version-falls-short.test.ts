// The article's listing (article.ts), run as `npm run chapter:3 -- article`: it pushes and delivers, but
// a job given up (`-- article --fail`) leaves no trace in Redis (only a log line), and closing the
// server calls a quit() that simple-redis-safe-work-queue 3.1.1 does not have.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { deleteQueue, existingKeys } from '../support/redis.ts';
import { MAIN, SLOW, useChapter3 } from './fixture.ts';

describe('npm run chapter:3 -- article', () => {
  const ch3 = useChapter3('article');
  // Each run on a base of its own: side by side on one queue, one run's worker could take the other's job.
  const run = (base: string, ...args: string[]) =>
    runScript(MAIN, {
      args: ['article', ...args],
      env: { QUEUE_NAME: base },
      timeoutMs: SLOW.testMs - 10_000,
    });

  it(
    'delivers a webhook; with --fail, gives the job up after two attempts without a trace; trips over quit()',
    async () => {
      for (const queue of [`article: ${ch3.queueName}`, `article: ${ch3.queueName}-ok`]) {
        ch3.defer(() => deleteQueue(ch3.redis, queue));
      }
      const [ok, failing] = await Promise.all([run(`${ch3.queueName}-ok`), run(ch3.queueName, '--fail')]);

      for (const { code, output } of [ok, failing]) {
        expect(code, output).toBe(0);
        expect(output).toContain('POST /some/important/action -> 201 {"ok":true}');
        expect(output).toContain('closing the server threw: webhookQueueClient.quit is not a function');
      }
      expect(ok.output.match(/^invoke webhook: /gm), ok.output).toHaveLength(1);
      expect(ok.output).toContain('[receiver] {"a":1,"b":2} -> 204');
      expect(ok.output).toContain('the job was delivered; keys of it left in Redis: none');

      expect(failing.output.match(/^invoke webhook: /gm), failing.output).toHaveLength(2); // maxRetries: 2
      expect(failing.output).toMatch(
        /max retries reached trying to talk to http:\/\/127\.0\.0\.1:\d+\/hooks/,
      );
      expect(failing.output).toContain('the job was given up; keys of it left in Redis: none');
      // no job, no failed list: nothing left to look at or replay
      expect(await existingKeys(ch3.redis, `article: ${ch3.queueName}`)).toEqual([]);
    },
    SLOW.testMs,
  );
});
