// `npm run chapter:4` as a reader runs it: two worker processes share six jobs (each done once), the job
// the kitchen cannot do and the body that is not JSON end in the dead-letter queue, and both workers exit
// 0 after SIGTERM. `npm run chapter:4 -- article` runs the article's producer and worker: nothing arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRabbitMQ } from '../../common/servers.ts';
import { runScript } from '../../common/process.ts';
import { openInspector, SLOW, testQueue } from './helpers.ts';

const main = new URL('../main.ts', import.meta.url);

// The two runs are independent (queues of their own): they run side by side.
describe.concurrent('npm run chapter:4', () => {
  const queues = { story: testQueue('story'), article: testQueue('article') };
  beforeAll(() => requireRabbitMQ());
  afterAll(async () => {
    const broker = await openInspector();
    await broker.remove(queues.story);
    await broker.remove(queues.article);
    await broker.close();
  });

  it('tells the story: a batch shared, two dead letters, clean exits', { timeout: SLOW.testMs }, async () => {
    const run = await runScript(main, { args: ['--queue', queues.story], timeoutMs: SLOW.testMs - 10_000 });
    expect(run.code, run.output).toBe(0);
    const did = (name: string) =>
      (
        new RegExp(`\\[main\\] worker ${name} did job\\(s\\) (.*)$`).exec(
          run.lines.find((l) => l.includes(`worker ${name} did`)) ?? '',
        )?.[1] ?? ''
      )
        .split(', ')
        .filter((id) => /^\d+$/.test(id))
        .map(Number);
    expect([...did('A'), ...did('B')].sort(), run.output).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.output).toContain('[main] workers exited with code 0 and 0');
    expect(run.output).toContain(
      `[main] '${queues.story}' holds 0 message(s); '${queues.story}.dead' holds 2 dead letter(s)`,
    );
  });

  it('-- article: the article producer says "Sent" three times and the queue stays empty', {
    timeout: SLOW.testMs,
  }, async () => {
    const run = await runScript(main, {
      args: ['article', '--queue', queues.article],
      timeoutMs: SLOW.testMs - 10_000,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.lines.filter((l) => l.includes('[x] Sent'))).toHaveLength(3);
    expect(run.output).toContain(`the producer said "Sent" 3 times; '${queues.article}' holds 0 message(s)`);
  });
});
