// Prints one plain closing line after vitest's own summary: `N passed, N failed` (and `, N skipped`
// when any were skipped). CI reads that line; a run with unhandled errors counts them as failures.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      const results = Array.from(mod.children.allTests(), (test) => test.result().state);
      const passedHere = results.filter((state) => state === 'passed').length;
      let failedHere = results.filter((state) => state === 'failed').length;
      if (mod.state() === 'failed') {
        // A file can fail with no failing test: it did not load, or a beforeAll/afterAll hook threw
        // (say, a server was down) and its tests were skipped. Those tests did not pass: count every
        // one that did not as failed, and at least one, so a red file never reads "0 failed".
        failedHere = Math.max(results.length - passedHere, 1);
      } else {
        skipped += results.length - passedHere - failedHere;
      }
      passed += passedHere;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    // Written after a newline so it stands alone on the last line, whatever the default reporter printed.
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
