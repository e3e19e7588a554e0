// Appends one JSON line per jest run to $TEST_SUMMARY_FILE so .ci/run can print real totals.
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.TEST_SUMMARY_FILE;
    if (!file) return;
    const line = {
      cwd: process.cwd(),
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numRuntimeErrorTestSuites,
    };
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
  }
}

module.exports = SummaryReporter;
