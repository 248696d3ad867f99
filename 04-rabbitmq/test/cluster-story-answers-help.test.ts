// The cluster story (`npx tsx 04-rabbitmq/cluster/story.ts`, which `npm run chapter:4 -- cluster` runs)
// answers --help with its options, their defaults and an example, and exits 0, before it looks for the
// cluster; an unknown option is the usage line and exit 2. Neither needs a running cluster.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { SLOW } from './helpers.ts';

const story = new URL('../cluster/story.ts', import.meta.url);

describe('the cluster story', () => {
  it('--help lists its options with their defaults and an example, and exits 0', {
    timeout: SLOW.testMs,
  }, async () => {
    const run = await runScript(story, { args: ['--help'], timeoutMs: SLOW.startMs });
    expect(run.code, run.output).toBe(0);
    expect(run.lines[0]).toBe('usage: npx tsx 04-rabbitmq/cluster/story.ts [options]');
    expect(run.output).toMatch(/--count <value> +how many persistent messages to publish \(default: 1000\)/);
    expect(run.output).toMatch(/-h, --help/);
    expect(run.output).toContain('npx tsx 04-rabbitmq/cluster/story.ts --count 200');
    expect(run.output).not.toMatch(/cluster is not running/); // help never needs the cluster
  });

  it('an unknown option or a count that is not a number prints the usage line and exits 2', {
    timeout: SLOW.testMs,
  }, async () => {
    for (const args of [['--nope'], ['--count', 'ten']]) {
      const run = await runScript(story, { args, timeoutMs: SLOW.startMs });
      expect(run.code, run.output).toBe(2);
      expect(run.output).toContain('usage: npx tsx 04-rabbitmq/cluster/story.ts [options]');
    }
  });
});
