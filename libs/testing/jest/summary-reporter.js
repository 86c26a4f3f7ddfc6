// Prints one plain closing line that any CI reads, e.g. "tests: 120 passed, 0 failed, 0 skipped".
// A run that executed no test fails: an empty run must never look green.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const passed = results.numPassedTests;
    const failed = results.numFailedTests;
    const skipped = results.numPendingTests + results.numTodoTests;
    const suitesFailedToRun = results.numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    if (suitesFailedToRun > 0) process.stdout.write(`suites that failed to run: ${suitesFailedToRun}\n`);
    if (passed + failed === 0) {
      process.stdout.write('no test ran: treating the run as failed\n');
      process.exitCode = 1;
    }
  }
}
module.exports = SummaryReporter;
