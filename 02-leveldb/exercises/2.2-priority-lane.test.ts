// Tests for exercise 2.2: two real LevelDB queues in a temp dir, one remote service.
import { afterEach, describe, expect, it } from 'vitest';
import { createFlakyService } from '../../common/flaky-service.ts';
import { silentLogger } from '../../common/log.ts';
import { makeTempDir } from '../../common/testing/temp-dir.ts';
import type { JobQueue } from '../job-queue.ts';
import type { DoorEvent } from '../worker.ts';
import { afterTheQuickTests } from '../../common/testing/exercise.ts';
import * as problem from './2.2-priority-lane.problem.ts';
import * as solution from './2.2-priority-lane.solution.ts';

const { openLanes, pushEvent } = process.env.EXERCISE_TARGET === 'solution' ? solution : problem;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The event ids one lane relayed, in the order their outcome reached its disk. */
function relayedBy(queue: JobQueue<DoorEvent>): number[] {
  const ids: number[] = [];
  queue.on('done', ({ payload }) => ids.push(payload.id));
  return ids;
}

describe('a priority lane', () => {
  it('keeps urgent events in the urgent lane and the others in the normal lane', async () => {
    const { dir, remove } = await makeTempDir('ex-2.2-');
    cleanups.push(remove);
    const remote = createFlakyService<DoorEvent>({ failureRate: 0, delayMs: 1 });
    const lanes = await openLanes(dir, remote, silentLogger());
    cleanups.push(() => lanes.close());
    const urgent = relayedBy(lanes.urgent);
    const normal = relayedBy(lanes.normal);

    await pushEvent(lanes, { id: 1, event: 'door opened' });
    await pushEvent(lanes, { id: 2, event: 'smoke detected' });
    await pushEvent(lanes, { id: 3, event: 'door opened' });
    await lanes.whenEmpty();

    expect(urgent).toEqual([2]);
    expect(normal.sort((a, b) => a - b)).toEqual([1, 3]);
  });

  it(
    'relays urgent events before the backlog of normal ones pushed earlier, one after the ' + 'other',
    async (ctx) => {
      afterTheQuickTests(ctx);
      const { dir, remove } = await makeTempDir('ex-2.2-');
      cleanups.push(remove);
      // The remote service holds the first event it gets until every push is on disk: however slow the
      // pushes on a loaded machine, the backlog is complete and the urgent events are waiting when the
      // first relay ends. (A fixed delay instead would race the pushes.)
      let allPushed = () => {};
      const pushed = new Promise<void>((resolve) => (allPushed = resolve));
      const calls: number[] = [];
      const remote = async (event: DoorEvent) => {
        calls.push(event.id);
        await pushed;
      };
      const lanes = await openLanes(dir, remote, silentLogger());
      cleanups.push(() => lanes.close());

      for (let id = 1; id <= 6; id++) await pushEvent(lanes, { id, event: 'door opened' });
      for (const id of [97, 98, 99]) await pushEvent(lanes, { id, event: 'smoke detected' });
      allPushed();
      await lanes.whenEmpty();

      expect([...calls].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 97, 98, 99]);
      const first = calls.indexOf(97);
      // The three urgent events go one after the other, with no normal event started in between...
      expect(calls.slice(first, first + 3), `relay order: ${calls.join(', ')}`).toEqual([97, 98, 99]);
      // ...and ahead of the backlog: at most event 1, if it was already on its way, went first.
      expect(
        calls.slice(0, first).filter((id) => id !== 1),
        `relay order: ${calls.join(', ')}`,
      ).toEqual([]);
    },
  );
});
