#!/usr/bin/env node
// Runs the whole Vitest suite (every project of vitest.config.ts), then the suites that prove the
// sandbox's contract again under the other supported Node versions (22, 24, 26: each loads its
// own build of isolated-vm) and the native Python suites again with bubblewrap boxes instead of
// zygote forks, and ends with one plain line, "N passed, N failed, N skipped", that any CI can
// read, just after the names of whatever failed (so the tail of a CI log says what to look at).
// Exits non-zero when anything failed, a test file included that could not run.
// Arguments are passed to the main Vitest run; with arguments, the extra passes are skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { nodeBinary } from './node-binary.mjs';
import { staleBuilds } from './stale-builds.mjs';

const supportedNodes = [22, 24, 26];
/** What runs under every supported Node: the interpreter's contract and its adversarial suites. */
const acrossNodes = [
  'packages/core/test/interpreter-contract.int.test.ts',
  'packages/core/test/javascript-adversarial.int.test.ts',
  'packages/core/test/hostile-tenants.int.test.ts',
];
/**
 * Native Python's boxes are forked from a zygote by default; these suites run again with every box
 * started by bubblewrap (the fallback of hosts that refuse the zygote's nested namespaces).
 */
const bubblewrapBoxSuites = [
  'packages/core/src/runtimes/python/native/',
  'packages/core/test/native-python-interpreter-contract.int.test.ts',
];
const vitest = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);
const filters = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0, brokenFiles: 0 };
/** One line per failed test or test file that could not run, with the pass it failed in. */
const failures = [];
let exitCode = 0;

/** Runs Vitest under `node` with `args`; adds its counts to the totals. */
function runVitest(node, args, label, env = {}) {
  const results = `.vitest-results${label ? `-${label.replace(/\W+/g, '-').toLowerCase()}` : ''}.json`;
  rmSync(results, { force: true });
  const pass = label ? ` [${label}]` : '';
  const run = spawnSync(
    node,
    [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}`, ...args],
    { stdio: 'inherit', shell: false, env: { ...process.env, ...env } },
  );
  if (run.status !== 0) exitCode = run.status ?? 1;
  if (!existsSync(results)) {
    totals.brokenFiles++;
    failures.push(`Vitest wrote no report (exit ${run.status ?? run.signal})${pass}`);
    exitCode ||= 1;
    return;
  }
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  totals.passed += summary.numPassedTests ?? 0;
  totals.failed += summary.numFailedTests ?? 0;
  totals.skipped += (summary.numPendingTests ?? 0) + (summary.numTodoTests ?? 0);
  for (const file of summary.testResults ?? []) {
    const where = relative(process.cwd(), file.name);
    const failedTests = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failedTests) {
      failures.push(
        `${where} > ${test.fullName}${pass}\n    ${firstLine(test.failureMessages?.[0])}`,
      );
    }
    // A file that failed before its tests ran (a failing hook, an import error) counts too.
    if (file.status === 'failed' && failedTests.length === 0) {
      totals.brokenFiles++;
      failures.push(`${where} (could not run)${pass}\n    ${firstLine(file.message)}`);
    }
  }
  const failed = summary.numFailedTests ?? 0;
  if (label) console.log(`\n${label}: ${summary.numPassedTests} passed, ${failed} failed.`);
}

/** The first non-empty line of a failure message, cut to one screen line. */
function firstLine(message) {
  const line = (message ?? '').split('\n').find((text) => text.trim() !== '') ?? '(no message)';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

// Tests load dist/: build what is older than its sources before anything runs.
const stale = staleBuilds();
if (stale.length > 0) {
  console.log(`› building ${stale.join(', ')} (older than its sources)`);
  const build = spawnSync('pnpm', ['run', '-s', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
runVitest(process.execPath, filters);
if (filters.length === 0) {
  const current = Number(process.versions.node.split('.')[0]);
  for (const major of supportedNodes.filter((version) => version !== current)) {
    console.log(`\n› the contract and adversarial suites under Node ${major}`);
    runVitest(
      nodeBinary(major),
      ['--project', 'core:integration', ...acrossNodes],
      `The contract and adversarial suites under Node ${major}`,
    );
  }
  console.log('\n› native Python with every box started by bubblewrap (no zygote)');
  runVitest(
    process.execPath,
    ['--project', 'core:integration', ...bubblewrapBoxSuites],
    'Native Python, bubblewrap boxes',
    { CODE_INTERPRETER_TEST_NATIVE_ZYGOTE: '0' },
  );
}
if (failures.length > 0)
  console.log(`\nFailed:\n${failures.map((line) => `  ${line}`).join('\n')}`);
console.log(
  `\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${totals.brokenFiles ? `, ${totals.brokenFiles} test files failed to run` : ''}`,
);
process.exit(exitCode || (totals.failed > 0 || totals.brokenFiles > 0 ? 1 : 0));
