// choosing: survives a worker crash; survives a server restart
// choosing: never loses an accepted job; never runs a job twice
// kill -9 in the middle of the story, while a job is certainly in flight (one of its attempts has just
// failed and it waits for its retry), then a new process on the same directory: every event pushed
// before the crash is relayed, none is lost. The job in flight is still `pending` on disk and runs again
// in the new process (at-least-once delivery). Deliveries are counted at the remote service itself
// (its own record, written as it accepts an event), so a duplicate is seen even when the kill came
// between the remote's yes and the queue's record of it. At most that one event may arrive twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runScript, spawnScript } from '../../common/process.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import type { DoorEvent } from '../worker.ts';
import { readQueueState, type QueueState } from '../support/inspect.ts';

const MAIN = new URL('../main.ts', import.meta.url);

/** The event ids the remote service accepted, in order, from its own record. */
async function delivered(file: string): Promise<number[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);
}

describe('a process killed with SIGKILL while a job is in flight', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let location: string;
  let remoteLog: string;
  let inFlight: number;
  let beforeKill: number[];
  let afterKill: QueueState<DoorEvent>;
  let second: Awaited<ReturnType<typeof runScript>>;
  // 20 attempts: with this seed no event ends in the dead letters, so "relayed" is the only good end.
  const options = ['--failure-rate', '0.5', '--seed', '7', '--max-attempts', '20', '--delay', '20'];

  beforeAll(async () => {
    tmp = await makeTempDir();
    location = path.join(tmp.dir, 'events');
    remoteLog = path.join(tmp.dir, 'remote.log');
    const first = spawnScript(MAIN, { args: ['--db', location, '--remote-log', remoteLog, ...options] });
    // 'close' comes after the last line of output was read; 'exit' can come before it.
    const closed = once(first.process, 'close');
    // Once two events are relayed, the next failed attempt: that job is pending, waiting for its retry.
    await first.waitForLine(/event 1 successfully relayed/);
    await first.waitForLine(/Error processing event [2-9] \(attempt \d+ of 20\)/);
    const { signal } = await first.kill('SIGKILL');
    expect(signal, first.lines.join('\n')).toBe('SIGKILL');
    await closed;
    beforeKill = await delivered(remoteLog);
    afterKill = await readQueueState<DoorEvent>(location);
    // With one job at a time there is one in flight (almost always the one that just failed).
    inFlight = afterKill.running[0]?.payload.id ?? -1;
    second = await runScript(MAIN, {
      args: ['work', '--db', location, '--remote-log', remoteLog, ...options],
    });
  });

  afterAll(async () => {
    await tmp.remove();
  });

  it('left the job in flight started on disk, and the rest waiting', () => {
    expect(afterKill.running, 'no job was in flight at the kill').toHaveLength(1);
    const left = [...afterKill.running, ...afterKill.queued].map((job) => job.payload.id);
    // Every event is either accepted by the remote service already, or still on disk.
    expect(new Set([...beforeKill, ...left])).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it(
    'finishes every remaining job in the new process, the one in flight first, and exits ' + 'cleanly',
    async () => {
      expect(second.code, second.output).toBe(0);
      expect(second.output).toMatch(/job\(s\) left from an earlier run/);
      expect((await delivered(remoteLog)).slice(beforeKill.length)[0], second.output).toBe(inFlight);
      expect(await readQueueState<DoorEvent>(location)).toEqual({ queued: [], running: [], deadLetters: [] });
    },
  );

  it(
    'delivered each event to the remote service once, except possibly the one in flight at the ' + 'kill',
    async () => {
      const all = await delivered(remoteLog);
      expect(new Set(all)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      const twice = [...new Set(all.filter((id, i) => all.indexOf(id) !== i))];
      expect(
        twice.filter((id) => id !== inFlight),
        `deliveries: ${all.join(', ')}`,
      ).toEqual([]);
    },
  );
});
