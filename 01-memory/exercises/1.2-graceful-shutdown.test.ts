// Tests for exercise 1.2. They run against your problem file, or the solution with --solution.
import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Device } from '../device.ts';
import { createWorker } from '../worker.ts';
import { spawnScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { waitFor } from '../../common/time.ts';
import { afterTheQuickTests } from '../../common/testing/exercise.ts';
import * as problem from './1.2-graceful-shutdown.problem.ts';
import * as solution from './1.2-graceful-shutdown.solution.ts';

const { createGracefulQueue, QueueClosedError } =
  process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

let cleanup: () => Promise<void> = async () => {};
afterEach(() => cleanup());

describe('close()', () => {
  it('finishes every accepted item, running and waiting, before it resolves', async () => {
    const device = new Device({ latencyMs: 5 });
    const queue = createGracefulQueue(createWorker(device));
    const results = ['lights on', 'blinds open', 'door lock'].map((command) => queue.push({ command }));

    await queue.close();

    expect(device.done.map((c) => c.command)).toEqual(['lights on', 'blinds open', 'door lock']);
    expect(queue.size()).toBe(0);
    await expect(Promise.all(results)).resolves.toEqual(['lights on ok', 'blinds open ok', 'door lock ok']);
  });

  it('makes push refuse new items with a QueueClosedError, which never reach the device', async () => {
    const device = new Device({ latencyMs: 5 });
    const queue = createGracefulQueue(createWorker(device));
    const accepted = queue.push({ command: 'lights on' });
    const closing = queue.close();

    await expect(queue.push({ command: 'lights off' })).rejects.toBeInstanceOf(QueueClosedError);
    await closing;
    await expect(queue.push({ command: 'blinds close' })).rejects.toBeInstanceOf(QueueClosedError);
    await expect(accepted).resolves.toBe('lights on ok');
    expect(device.received.map((c) => c.command)).toEqual(['lights on']);
  });

  it('resolves at once on an idle queue, and a second close is harmless', async () => {
    const queue = createGracefulQueue(createWorker(new Device({ latencyMs: 1 })));
    await queue.close();
    await queue.close();
    await expect(queue.push({ command: 'lights on' })).rejects.toBeInstanceOf(QueueClosedError);
  });
});

describe('a real SIGTERM', () => {
  it('drains every accepted command to the device, refuses the rest, and exits with 0', async (ctx) => {
    afterTheQuickTests(ctx);
    const { dir, remove } = await makeTempDir('ex-1.2-');
    cleanup = remove;
    const journal = `${dir}/device.jsonl`;
    const done = () =>
      existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean).length : 0;

    const home = spawnScript(new URL('./1.2-graceful-shutdown.home.ts', import.meta.url), {
      args: ['--journal', journal],
    });
    // A crash at start (a TODO that throws) fails the test now, not after a timeout.
    await Promise.race([
      home.waitForLine(/ready/),
      home.exited.then(() => {
        expect.fail(`the home process exited before it was ready:\n${home.lines.join('\n')}`);
      }),
    ]);
    // Kill it while it is busy: some commands done, more waiting in memory.
    await waitFor('two commands carried out', () => done() >= 2, { timeoutMs: 10_000 });
    const { code, signal } = await home.kill('SIGTERM');

    const output = home.lines.join('\n');
    expect({ code, signal }, output).toEqual({ code: 0, signal: null });
    const pushed = home.lines.filter((l) => l.includes('[x] pushed')).length;
    const refused = home.lines.filter((l) => l.includes('refused:')).length;
    const accepted = pushed - refused;
    expect(accepted, output).toBeGreaterThan(2);
    // Nothing accepted was lost: the device carried out every accepted command.
    expect(done(), output).toBe(accepted);
    expect(output).toMatch(/refused: .*\(QueueClosedError\)/);
  });
});
