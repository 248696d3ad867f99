// choosing: survives a worker crash; survives a server restart
// choosing: never loses an accepted job; never runs a job twice
// The article's point, on a real process: an in-memory queue dies with its process. At-most-once, both
// halves: what was waiting at the kill is never carried out, and nothing is carried out twice, even after
// the controller is started again and goes on working (a queue that recovered its items would show here).
// And nothing reports the loss: the restarted controller neither runs nor mentions the lost commands.
import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnScript, runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';

const main = new URL('../main.ts', import.meta.url);
let cleanup: () => Promise<void> = async () => {};
afterEach(() => cleanup());

/** The rooms of the commands the device carried out, in order (home gives each command its own room). */
function carriedOut(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => String((JSON.parse(line) as { options: { room: string } }).options.room));
}

const rooms = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `room ${from + i}`);
const finished = (lines: string[]) => lines.filter((l) => l.includes(' [.] ')).length;

describe('kill -9 with items still queued', () => {
  it('loses them: after a restart none of them runs, nothing runs twice, no one is told', async () => {
    const { dir, remove } = await makeTempDir('ch1-crash-');
    cleanup = remove;
    const journal = `${dir}/device.jsonl`;

    // 8 commands of 400 ms each: the kill lands on the first one's result, with the other 7 still waiting.
    const first = spawnScript(main, {
      args: ['home', '--push', '8', '--latency', '400', '--journal', journal],
    });
    await first.waitForLine(/8 commands queued; the queue holds 8 waiting/);
    await first.waitForLine(/ \[\.\] /);
    const { signal } = await first.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');
    const beforeCrash = carriedOut(journal);
    // Some commands were still waiting in the queue at the kill, and those that ran, ran in push order.
    expect(finished(first.lines), first.lines.join('\n')).toBeLessThan(8);
    expect(beforeCrash.length, first.lines.join('\n')).toBeLessThan(8);
    expect(beforeCrash).toEqual(rooms(1, beforeCrash.length));

    // The controller starts again and goes on working: two new commands of its own, rooms 9 and 10.
    const second = await runScript(main, {
      args: ['home', '--push', '2', '--from', '9', '--latency', '1', '--journal', journal],
    });
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/started \(fixed worker\); the queue holds 0 items/);

    // Exactly the commands done before the crash, then the two new ones: the waiting ones never ran,
    // and none ran twice.
    expect(carriedOut(journal), second.output).toEqual([...beforeCrash, 'room 9', 'room 10']);
    // Nothing reports the lost ones: two results, both its own, and no error.
    expect(finished(second.lines), second.output).toBe(2);
    expect(second.output).not.toContain('[!]');
  });
});
