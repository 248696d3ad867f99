// The article's listing (article.ts), run as `npm run chapter:3 -- article`: it pushes and retries, but
// a job given up leaves no trace in Redis (only a log line), and closing the server calls a quit() that
// simple-redis-safe-work-queue 3.1.1 does not have.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { SLOW, useChapter3 } from './fixture.ts';

describe('npm run chapter:3 -- article', () => {
  const ch3 = useChapter3('article');

  it(
    'runs, gives the job up after two attempts without a trace, and trips over quit()',
    async () => {
      const { code, output } = await runScript(new URL('../main.ts', import.meta.url), {
        args: ['article'],
        env: { QUEUE_NAME: ch3.queueName },
        timeoutMs: SLOW.testMs - 10_000,
      });

      expect(code, output).toBe(0);
      expect(output).toContain('POST /some/important/action -> 201 {"ok":true}');
      expect(output.match(/^invoke webhook: /gm), output).toHaveLength(2); // maxRetries: 2 is two attempts
      expect(output).toContain('max retries reached trying to talk to http://127.0.0.1:9/hooks');
      // no job, no failed list: nothing left to look at or replay
      expect(await ch3.existingKeys()).toEqual([]);
      expect(output).toContain('closing the server threw: webhookQueueClient.quit is not a function');
    },
    SLOW.testMs,
  );
});
