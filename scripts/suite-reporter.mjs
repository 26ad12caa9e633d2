// A node:test reporter that records every suite with its skip reason and how many of its tests ran, every skipped
// test with its reason, every failed test with the first lines of its error, and how long each file's top-level tests
// and suites took together, as one JSON document (used by scripts/run-tests.mjs to check the required suites, to name
// the slowest files and to repeat the failures at the end of its output).
// Node reports a suite after its subtests, in declaration order, so a stack of counters per file and nesting level
// attributes each test to its suites.

export default async function* suiteReporter(source) {
  const suites = [];
  const skippedTests = [];
  const failures = [];
  const fileMs = {}; // file -> milliseconds of its top-level tests and suites (its process's start-up not counted)
  const levels = new Map(); // file -> counters per nesting level: { ran, failed, skipped }
  const counters = (file, nesting) => {
    const perFile = levels.get(file) ?? [];
    levels.set(file, perFile);
    perFile[nesting] ??= { ran: 0, failed: 0, skipped: 0 };
    return perFile[nesting];
  };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, file = '', skip, todo, details } = event.data;
    const failed = event.type === 'test:fail';
    const here = counters(file, nesting);
    if (nesting === 0) fileMs[file] = (fileMs[file] ?? 0) + (details?.duration_ms ?? 0);
    if (details?.type === 'suite') {
      const perFile = levels.get(file);
      const inner = perFile[nesting + 1] ?? { ran: 0, failed: 0, skipped: 0 };
      perFile[nesting + 1] = undefined;
      suites.push({ file, name, nesting, skip: skip === undefined || skip === false ? null : String(skip), failed, ...sum(inner) });
      here.ran += inner.ran;
      here.failed += inner.failed;
      here.skipped += inner.skipped;
    } else if (skip !== undefined && skip !== false) {
      skippedTests.push({ file, name, nesting, reason: String(skip) });
      here.skipped += 1;
    } else if (!todo) {
      here.ran += 1;
      if (failed) {
        here.failed += 1;
        failures.push({ file, name, error: describeError(details?.error) });
      }
    }
  }
  yield `${JSON.stringify({ suites, skippedTests, failures, fileMs }, null, 1)}\n`;
}

/** The first lines of a failure: the test's own error (node:test wraps it as the cause), its message then its stack. */
function describeError(error) {
  const own = error?.cause ?? error;
  if (own === undefined || own === null) return '';
  const text = own instanceof Error || typeof own.stack === 'string' ? String(own.stack ?? own.message) : String(own);
  return text.split('\n').slice(0, 12).join('\n');
}

function sum(c) {
  return { testsRan: c.ran, testsFailed: c.failed, testsSkipped: c.skipped };
}
