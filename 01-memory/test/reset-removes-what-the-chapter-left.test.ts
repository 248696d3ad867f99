// `npm run chapter:1 -- reset`: the queue lives in memory, so what a run leaves is the device's journals.
// Reset removes those, says so, and leaves a file of the reader's (in the same folder or beside it) alone.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';

const main = new URL('../main.ts', import.meta.url);
let cleanup: () => Promise<void> = async () => {};
afterEach(() => cleanup());

describe('npm run chapter:1 -- reset', () => {
  it('removes the journals that home and crash left, and nothing else', async () => {
    const { dir: root, remove } = await makeTempDir('ch1-reset-');
    cleanup = remove;
    const data = join(root, '.data', '01-memory');
    const journal = join(data, 'device.jsonl');
    const home = await runScript(main, {
      args: ['home', '--push', '2', '--latency', '1', '--journal', journal],
    });
    expect(home.code, home.output).toBe(0);
    const crash = await runScript(main, { args: ['crash', '--data', data] });
    expect(crash.code, crash.output).toBe(0);
    expect(existsSync(journal)).toBe(true);
    expect(existsSync(join(data, 'crash-demo.jsonl'))).toBe(true);
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
    const { dir: root, remove } = await makeTempDir('ch1-reset-');
    cleanup = remove;
    const data = join(root, '01-memory');
    mkdirSync(data);
    writeFileSync(join(data, 'device.jsonl'), '{}\n');

    const first = await runScript(main, { args: ['reset', '--data', data] });
    expect(first.output).toContain(`removed ${data}/`);
    expect(existsSync(data)).toBe(false);

    const again = await runScript(main, { args: ['reset', '--data', data] });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('Nothing to remove');
  });
});
