// `npm run chapter:1` is what a reader runs first: it must finish and show the retry it talks about.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';

const main = new URL('../main.ts', import.meta.url);

describe('npm run chapter:1', () => {
  it('tells the story: every good command done, the ECONN retried, the bad one reported', async () => {
    const { code, output } = await runScript(main);
    expect(code).toBe(0);
    for (const command of ['lights on', 'thermostat set', 'blinds close', 'door lock', 'lights off']) {
      expect(output).toContain(`[.] '${command}' -> ${command} ok`);
    }
    expect(output).toMatch(/"door lock" failed with ECONN, reconnecting to retry it/);
    expect(output).toMatch(/cannot connect \(device unreachable\), next try in/);
    expect(output).toContain('[!] "make coffee" failed: unknown command "make coffee"');
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

  it('in crash mode shows that commands queued in memory are lost', async () => {
    const { code, output } = await runScript(main, { args: ['crash'] });
    expect(code).toBe(0);
    const match = output.match(/carried out (\d) of 8 commands; (\d) were lost/);
    expect(match).not.toBeNull();
    expect(Number(match![2])).toBeGreaterThan(0);
  });
});
