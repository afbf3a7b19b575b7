// Prints "N passed, M failed" from vitest's JSON report (the only line CI reads).
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.tmp/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`vitest report ${file} is missing or unreadable: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const suiteErrors = (report.testResults ?? []).filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (skipped > 0) console.log(`${skipped} skipped (each prints why)`);
console.log(`${passed} passed, ${failed + suiteErrors} failed`);
process.exit(failed + suiteErrors > 0 ? 1 : 0);
