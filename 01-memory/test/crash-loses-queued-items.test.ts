// The article's point, on a real process: an in-memory queue dies with its process.
import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnScript, runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { waitFor } from '../../common/time.ts';

const home = new URL('../home.ts', import.meta.url);
let cleanup: () => Promise<void> = async () => {};
afterEach(() => cleanup());

function journalLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

describe('kill -9 with items still queued', () => {
  it('loses them: a restarted process starts empty and the device never sees the rest', async () => {
    const { dir, remove } = await makeTempDir('ch1-crash-');
    cleanup = remove;
    const journal = `${dir}/device.jsonl`;

    const first = spawnScript(home, { args: ['--push', '8', '--latency', '100', '--journal', journal] });
    await waitFor('two commands carried out', () => journalLines(journal).length >= 2, { timeoutMs: 15_000 });
    const { signal } = await first.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');
    const carriedOutBeforeCrash = journalLines(journal).length;
    expect(carriedOutBeforeCrash).toBeLessThan(8);

    const second = await runScript(home, { args: ['--push', '0', '--journal', journal] });
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/started; the queue holds 0 items/);
    // Nothing came back: the commands that were waiting in the dead process's memory are gone.
    expect(journalLines(journal)).toHaveLength(carriedOutBeforeCrash);
  });
});
