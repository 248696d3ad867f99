// The commands the page runs: the story (its three steps; each step's mode runs the same function), the
// article's listing and the crash. Each must finish and print what the page shows. Then `reset`, on what
// they left: the queue lives in memory, so what a run leaves is the device's journals. Reset removes
// those, says so, and leaves a file of the reader's (in the same folder or beside it) alone.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import { readCommandLine } from '../../common/testing/command-line.ts';
import { parseArgs } from '../support/cli.ts';
import { runHome } from '../support/home.ts';
import { reset } from '../support/reset.ts';

const main = new URL('../main.ts', import.meta.url);

// One folder for the chapter's files (what --data and --journal point at), laid out like the
// repository's .data/01-memory, with the crash demo run in it once: its test reads the output, and reset's
// tests remove the journal it left.
let root: string;
let removeRoot = async () => {};
let data: string;
let crash: Awaited<ReturnType<typeof runScript>>;
beforeAll(async () => {
  const tmp = await makeTempDir('ch1-story-');
  ({ dir: root, remove: removeRoot } = tmp);
  data = join(root, '.data', '01-memory');
  crash = await runScript(main, { args: ['crash', '--data', data] });
});
afterAll(() => removeRoot());

describe('npm run chapter:1', () => {
  it('tells the story: the outage waited out, the broken link retried, the refusal reported', async () => {
    const { code, output } = await runScript(main);
    expect(code, output).toBe(0);
    // Step 1: a pause between attempts, so a 0.5 s outage costs a few, not hundreds.
    expect(output).toMatch(/cannot connect \(device unreachable\), next try in 150 ms/);
    const attempts = Number(output.match(/(\d+) connect attempts to get back/)?.[1]);
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(10);
    // Step 2: sent again on ECONN; a lost reply means the command ran twice, and the house is the same.
    expect(output).toContain('"door lock": sent 2 times, carried out 1.');
    expect(output).toContain('"blinds close": sent 2 times, carried out 2.');
    expect(output).toContain('The house: lights (kitchen) on, door locked, blinds closed.');
    // Step 3: no retry, the error reaches the producer, and the queue goes on.
    expect(output).toContain('[!] "make coffee" failed: unknown command "make coffee"');
    expect(output).toContain('"make coffee" was sent 1 time; the next command ran.');
  });

  it("in article mode runs the article's listing: every command done, the ECONN one sent twice", async () => {
    const { code, output } = await runScript(main, { args: ['article'] });
    expect(code, output).toBe(0);
    for (const command of ['lights on', 'thermostat set', 'blinds close', 'door lock', 'lights off']) {
      expect(output).toContain(`[.] '${command}' -> ${command} ok`);
    }
    expect(output).toContain('The device received "door lock" 2 times and carried it out 1 time.');
    expect(output).toMatch(/\d+ connect attempts in 0\.3 s, with no pause between them/);
  });

  it("in crash mode kills the article's queue and counts what its journal says was carried out", () => {
    const { code, output } = crash;
    expect(code, output).toBe(0);
    expect(output).toContain('8 commands queued; the queue holds 8 waiting');
    expect(output).toMatch(
      /started \(article worker\); the queue holds 0 items\n.*all done; the queue holds 0/,
    );
    const [, done, lost] = output.match(/carried out (\d) of 8 commands .*; (\d) were lost/) ?? [];
    // It kills on the second result, so at least two were carried out; the journal says how many.
    expect(Number(done), output).toBeGreaterThanOrEqual(2);
    expect(Number(done) + Number(lost)).toBe(8);
  });
});

describe('npm run chapter:1 -- reset', () => {
  it('removes the journals that home and crash left, and nothing else', async () => {
    const journal = join(data, 'device.jsonl');
    // The crash demo above left its journal; home's is written here by the function `home` runs, from
    // its own parsed command line (a process of its own would cost half a second of CPU for the same file).
    const home = readCommandLine(parseArgs, ['home', '--push', '2', '--latency', '1', '--journal', journal]);
    if (home.value?.mode !== 'home') throw new Error(`home did not parse:\n${home.output}`);
    await runHome(home.value.home);
    expect(existsSync(journal)).toBe(true);
    expect(existsSync(join(data, 'crash-demo.jsonl')), crash.output).toBe(true);
    // The reader's own files: one in the chapter's folder, one in a folder of a similar name.
    writeFileSync(join(data, 'notes.jsonl'), 'mine\n');
    mkdirSync(join(root, '.data', '01-memory-old'));
    writeFileSync(join(root, '.data', '01-memory-old', 'device.jsonl'), 'mine\n');

    const run = await runScript(main, { args: ['reset', '--data', data] });

    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`removed ${journal}`);
    expect(run.output).toContain(`removed ${join(data, 'crash-demo.jsonl')}`);
    expect(existsSync(journal)).toBe(false);
    expect(existsSync(join(data, 'crash-demo.jsonl'))).toBe(false);
    expect(existsSync(join(data, 'notes.jsonl'))).toBe(true);
    expect(existsSync(join(root, '.data', '01-memory-old', 'device.jsonl'))).toBe(true);
  });

  it('removes the empty folder too, and says when there is nothing to remove', async () => {
    const folder = join(root, 'emptied', '01-memory');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'device.jsonl'), '{}\n');

    // What the reset mode prints, one `removed` line each (the test above shows main.ts printing them).
    expect(reset(folder)).toEqual([join(folder, 'device.jsonl'), `${folder}/`]);
    expect(existsSync(folder)).toBe(false);

    const again = await runScript(main, { args: ['reset', '--data', folder] });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('Nothing to remove');
  });
});
