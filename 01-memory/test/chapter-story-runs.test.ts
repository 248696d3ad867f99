// The commands the page runs: the story (its three steps; each step's mode runs the same function), the
// article's listing and the crash. Each must finish and print what the page shows.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';

const main = new URL('../main.ts', import.meta.url);

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

  it("in crash mode kills the article's queue and counts what its journal says was carried out", async () => {
    const { dir, remove } = await makeTempDir('ch1-story-');
    try {
      const { code, output } = await runScript(main, { args: ['crash', '--data', dir] });
      expect(code, output).toBe(0);
      expect(output).toContain('8 commands queued; the queue holds 8 waiting');
      expect(output).toMatch(
        /started \(article worker\); the queue holds 0 items\n.*all done; the queue holds 0/,
      );
      const [, done, lost] = output.match(/carried out (\d) of 8 commands .*; (\d) were lost/) ?? [];
      // It kills on the second result, so at least two were carried out; the journal says how many.
      expect(Number(done), output).toBeGreaterThanOrEqual(2);
      expect(Number(done) + Number(lost)).toBe(8);
    } finally {
      await remove();
    }
  });
});
