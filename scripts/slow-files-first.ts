// The order the test files start in. Vitest's own order puts the files that were slow last time first,
// from its cache in node_modules; a fresh clone (CI) has no cache. The cluster test is the longest file
// (three RabbitMQ nodes boot, one is killed, a new leader is elected), then the broker-restart test (a
// node of its own boots and restarts): started last, either would end long after everything else. So the
// files named here go first, in this order, whatever the cache says; the rest follow in vitest's order.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const FIRST = [
  /cluster-quorum-queue-survives/,
  /broker-restart-keeps/,
  /chapter-demos-run/,
  /exercises-both-ways/,
  /bench-quick/,
  /page-commands-run/,
  /programs-answer-help/,
];

const rank = (spec: TestSpecification) => {
  const i = FIRST.findIndex((pattern) => pattern.test(spec.moduleId));
  return i < 0 ? FIRST.length : i;
};

export default class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: files of equal rank keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
