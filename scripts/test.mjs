#!/usr/bin/env node
// `npm test`: every jest suite (domain, API, simulator, dashboard components), then the browser test.
// `npm test -- <jest args>` (a filter, --selectProjects …) and `npm run test:unit` run jest alone.
// Ends with one plain line, `tests: N passed, N failed, N skipped`, for CI logs. A browser test that skips
// itself (no chromium, outside CI) counts as skipped: it writes the file named by E2E_SKIPPED_MARKER.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const unitOnly = process.argv[2] === '--unit';
const args = process.argv.slice(unitOnly ? 3 : 2);
const run = (command, commandArgs, env = process.env) =>
  spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env }).status ?? 1;

const resultsDir = mkdtempSync(join(tmpdir(), 'cutover-jest-'));
const resultsFile = join(resultsDir, 'results.json');
// PGlite loads its runtime with a dynamic import(), which jest's VM allows only with this flag.
const jest = run(process.execPath, [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  'node_modules/jest/bin/jest.js',
  '--json',
  `--outputFile=${resultsFile}`,
  ...args,
]);
const counts = { passed: 0, failed: 0, skipped: 0 };
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  counts.passed = results.numPassedTests;
  counts.failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  counts.skipped = results.numPendingTests + results.numTodoTests;
} catch {
  counts.failed += 1; // jest died before writing its results
}

let status = jest;
if (jest === 0 && !unitOnly && args.length === 0) {
  const skippedMarker = join(resultsDir, 'e2e-skipped');
  status = run('npm', ['run', 'test:e2e'], { ...process.env, E2E_SKIPPED_MARKER: skippedMarker });
  if (status !== 0) counts.failed += 1;
  else if (existsSync(skippedMarker)) counts.skipped += 1;
  else counts.passed += 1;
}
rmSync(resultsDir, { recursive: true, force: true });
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(status);
