// Tests for exercise 2.2: two real LevelDB queues in a temp dir, one slow remote service.
import { afterEach, describe, expect, it } from 'vitest';
import type { Level } from 'level';
import { createFlakyService } from '../../common/flaky-service.ts';
import { silentLogger, type Logger } from '../../common/log.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import type { DoorEvent } from '../worker.ts';
import { afterTheQuickTests } from '../../common/testing/exercise.ts';
import * as problem from './2.2-priority-lane.problem.ts';
import * as solution from './2.2-priority-lane.solution.ts';

const { openLanes, pushEvent } = process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const quietLogger = (): Logger => silentLogger('test');

/** The event ids the chapter's relay worker recorded as relayed in one lane's database. */
async function relayedIn(db: Level<string, string>): Promise<number[]> {
  const relayed = await db.sublevel<string, { eventId: number }>('relayed', { valueEncoding: 'json' }).values().all();
  return relayed.map((r) => r.eventId).sort((a, b) => a - b);
}

describe('a priority lane', () => {
  it('keeps urgent events in the urgent lane and the others in the normal lane', async () => {
    const { dir, remove } = await makeTempDir('ex-2.2-');
    cleanups.push(remove);
    const remote = createFlakyService<DoorEvent>({ failureRate: 0, delayMs: 1 });
    const lanes = await openLanes(dir, remote, quietLogger());
    cleanups.push(() => lanes.close());

    await pushEvent(lanes, { id: 1, event: 'door opened' });
    await pushEvent(lanes, { id: 2, event: 'smoke detected' });
    await pushEvent(lanes, { id: 3, event: 'door opened' });
    await lanes.whenEmpty();

    expect(await relayedIn(lanes.urgentDb)).toEqual([2]);
    expect(await relayedIn(lanes.normalDb)).toEqual([1, 3]);
  });

  it('relays urgent events before the backlog of normal ones pushed earlier, one after the other', async (ctx) => {
    afterTheQuickTests(ctx);
    const { dir, remove } = await makeTempDir('ex-2.2-');
    cleanups.push(remove);
    const remote = createFlakyService<DoorEvent>({ failureRate: 0, delayMs: 100 });
    const lanes = await openLanes(dir, remote, quietLogger());
    cleanups.push(() => lanes.close());

    for (let id = 1; id <= 6; id++) await pushEvent(lanes, { id, event: 'door opened' });
    for (const id of [97, 98, 99]) await pushEvent(lanes, { id, event: 'smoke detected' });
    await lanes.whenEmpty();

    const calls = remote.calls.map((c) => c.payload.id);
    expect([...calls].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 97, 98, 99]);
    const first = calls.indexOf(97);
    // The three urgent events go one after the other, with no normal event started in between...
    expect(calls.slice(first, first + 3), `relay order: ${calls.join(', ')}`).toEqual([97, 98, 99]);
    // ...and ahead of the backlog: at most the normal event already on its way went first.
    expect(calls.slice(first + 3).length, `relay order: ${calls.join(', ')}`).toBeGreaterThanOrEqual(5);
  });
});
