import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coTenantRun } from '../../../../test/co-tenant-run';
import { interpreterTest, type RunCode } from '../../../../test/interpreter-fixture';
import { runPython } from '../../../../test/sandbox-runs';
import { resultCaps } from '../../../result/result-caps';
import type { SandboxRuntime } from '../../sandbox-runtime';
import { createPyodideRuntime } from './create-pyodide-runtime';
import { bombsDuringRun, bombsWhileCollecting, makeGarbage } from './pyodide-hostile-programs';

/**
 * One caller's hostile Python program must not stall, starve or silently reset another caller's
 * runs (the hostile-tenants issue, Pyodide side). Every test runs on one worker process, so the
 * hostile program and its co-tenant share it. Two warm sandboxes, so the co-tenant's time is its
 * run's, not a sandbox's boot.
 */
const maxOutputChars = 10_000;
const timeoutMs = 3_000;
const test = interpreterTest({
  workers: 1,
  maxOutputChars,
  python: 'pyodide',
  warmSandboxes: { python: 2 },
});

/** Fills the warm pool: one run, then time for both warm sandboxes to boot. */
async function settle(run: RunCode) {
  await run('python', 'None');
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}

/** A co-tenant's run started while the hostile one is in flight: it must answer in its own time. */
const runCoTenant = (run: RunCode) =>
  coTenantRun(run, { language: 'python', code: 'sum(n * 2 for n in [1, 2, 3])', delayMs: 300 });

describe('no callback of a Pyodide program runs outside its run unbounded', () => {
  test('FinalizationRegistry and Atomics.waitAsync do not exist, nor can Pyodide registries make one', async ({
    run,
  }) => {
    const result = await run(
      'python',
      `import js, pyodide_js
from pyodide.code import run_js
registry = pyodide_js._module.finalizationRegistry
(run_js("[typeof FinalizationRegistry, typeof Atomics.waitAsync, typeof WeakRef, typeof Atomics.wait].join()"), registry.constructor == js.Object)`,
    );
    expect(result.value).toBe("('undefined,undefined,function,function', True)");
  });

  const cases: Array<[string, string, (result: Awaited<ReturnType<RunCode>>) => void]> = [
    [
      "the red team's endless JavaScript finalizer fails at once",
      `from pyodide.code import run_js
run_js("""
globalThis.r = new FinalizationRegistry(() => { for (;;); });
for (let i = 0; i < 1e4; i++) r.register({}, i);
${makeGarbage}
""")`,
      (result) => {
        expect(result.errorInfo?.name).toBe('JsException');
        expect(result.errorInfo?.message).toBe(
          'ReferenceError: FinalizationRegistry is not defined',
        );
      },
    ],
    [
      'an endless Atomics.waitAsync continuation fails at once',
      `from pyodide.code import run_js
run_js("""
const cell = new Int32Array(new SharedArrayBuffer(4));
Atomics.waitAsync(cell, 0, 0, 20).value.then(() => { for (;;); });
""")`,
      (result) => {
        expect(result.errorInfo?.name).toBe('JsException');
        expect(result.errorInfo?.message).toBe('TypeError: Atomics.waitAsync is not a function');
      },
    ],
    [
      "a __del__ that loops forever, run by Pyodide's proxy finalizer during the run, ends at the deadline",
      bombsDuringRun,
      (result) => {
        expect(result.timedOut).toBe(true);
        expect(result.errorInfo?.name).toBe('TimeoutError');
      },
    ],
    [
      'a __del__ that loops forever, queued while the worker collects the result, costs the run nothing',
      bombsWhileCollecting,
      (result) => {
        expect(result.success).toBe(true);
        expect(result.value).toBe("'done'");
      },
    ],
  ];

  test.for(cases)('%s; a co-tenant is answered meanwhile', async ([, code, check], { run }) => {
    await settle(run);
    const started = performance.now();
    const [hostile, coTenant] = await Promise.all([
      run('python', code, { timeout: timeoutMs }),
      runCoTenant(run),
    ]);
    expect(performance.now() - started).toBeLessThan(timeoutMs + 1_500);
    check(hostile);
    expect(coTenant.result.value).toBe('12');
    expect(coTenant.ms).toBeLessThan(2_000);
    const after = await run('python', '6 * 7');
    expect(after.value).toBe('42');
  });

  test('a session whose __del__ loops forever during a run loses only its own state, and says so', async ({
    interpreter,
    run,
  }) => {
    await settle(run);
    const session = interpreter.createSession();
    await session.run({ language: 'python', code: 'kept = 42' });
    const started = performance.now();
    const [hostile, coTenant] = await Promise.all([
      session.run({ language: 'python', code: bombsDuringRun, timeout: timeoutMs }),
      runCoTenant(run),
    ]);
    expect(performance.now() - started).toBeLessThan(timeoutMs + 1_500);
    expect(hostile.errorInfo?.name).toBe('TimeoutError');
    expect(hostile.sessionReset?.when).toBe('this-run');
    expect(coTenant.result.value).toBe('12');
    expect(coTenant.ms).toBeLessThan(2_000);
    const next = await session.run({ language: 'python', code: "'kept' in globals()" });
    expect(next.value).toBe('False');
    await session.close();
  });

  test('a session whose __del__ loops forever once the result is collected keeps its run and its state', async ({
    interpreter,
    run,
  }) => {
    await settle(run);
    const session = interpreter.createSession();
    await session.run({ language: 'python', code: 'kept = 42' });
    const started = performance.now();
    const [hostile, coTenant] = await Promise.all([
      session.run({ language: 'python', code: bombsWhileCollecting, timeout: timeoutMs }),
      runCoTenant(run),
    ]);
    expect(performance.now() - started).toBeLessThan(timeoutMs + 1_500);
    expect(hostile.value).toBe("'done'");
    expect(coTenant.result.value).toBe('12');
    const next = await session.run({ language: 'python', code: 'kept' });
    expect(next.value).toBe('42');
    expect(next.sessionReset).toBeUndefined();
    await session.close();
  });
});

describe('every field of a Python result is capped before it leaves the sandbox', () => {
  // The runtime directly: what it returns is what left the isolate, before the worker's own caps.
  let runtime: SandboxRuntime;
  beforeAll(() => {
    runtime = createPyodideRuntime();
  });
  afterAll(async () => {
    await runtime.close();
  });

  const cases: Array<[string, string]> = [
    ['a 30-million-character exception message', "raise ValueError('x' * 30_000_000)"],
    [
      'a 10-million-character exception class name',
      "raise type('N' * 10_000_000, (Exception,), {})('boom')",
    ],
    [
      'a chain of exceptions with 3-million-character messages',
      "try:\n    raise ValueError('v' * 3_000_000)\nexcept ValueError as first:\n    raise KeyError('k' * 3_000_000) from first",
    ],
    [
      'frames on 1-million-character source lines',
      "import linecache\nsource = 'def f(n): return g(n + 1) if n < 200 else 1 / 0  # ' + 'a' * 1_000_000 + '\\ndef g(n): return f(n + 1)  # ' + 'b' * 1_000_000 + '\\n'\nlinecache.cache['long.py'] = (len(source), None, source.splitlines(True), 'long.py')\nexec(compile(source, 'long.py', 'exec'))\nf(0)",
    ],
    [
      'a SyntaxError at the end of a 10-million-character line',
      "compile('a' * 10_000_000 + ' $', 'mine.py', 'exec')",
    ],
    ['SystemExit with a 30-million-character code', "import sys\nsys.exit('x' * 30_000_000)"],
    ['a value whose repr has 30 million characters', "'x' * 30_000_000"],
    [
      'a warning with a 30-million-character message',
      "import warnings\nwarnings.warn('w' * 30_000_000)",
    ],
    [
      'a program that disables the driver caps first',
      "import code_interpreter_driver as d\nd._cut = lambda text, limit: text\nd._ResultCaps.text = lambda self, text, limit: text\nraise ValueError('x' * 20_000_000)",
    ],
  ];

  it.for(cases)('%s', async ([, code]) => {
    const outcome = await runPython(runtime, code, {
      timeoutMs: 20_000,
      memoryLimitMb: 512,
      maxOutputChars,
    });
    expect(outcome.timedOut).toBe(false);
    expect(outcome.stdout.length).toBeLessThan(maxOutputChars + 200);
    expect(outcome.stderr.length).toBeLessThan(maxOutputChars + 200);
    expect((outcome.value ?? '').length).toBeLessThan(maxOutputChars + 200);
    expect((outcome.error?.name ?? '').length).toBeLessThan(resultCaps.errorNameChars + 200);
    expect((outcome.error?.message ?? '').length).toBeLessThan(resultCaps.errorMessageChars + 200);
    expect((outcome.error?.stack ?? '').length).toBeLessThan(resultCaps.errorStackChars + 200);
    expect(outcome.truncated).toBe(true);
    // Everything that crossed, as the worker would send it on.
    expect(JSON.stringify(outcome).length).toBeLessThan(3 * maxOutputChars + 30_000);
  });
});

describe('hostile results and the application process', () => {
  test('eight such runs at once leave the application process bounded', async ({ run }) => {
    const before = process.memoryUsage().rss;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        run('python', index % 2 === 0 ? "raise ValueError('x' * 30_000_000)" : "'y' * 30_000_000", {
          timeout: 20_000,
          memoryLimit: 512,
        }),
      ),
    );
    const grownMb = (process.memoryUsage().rss - before) / 1_048_576;
    expect(results.every((result) => result.truncated)).toBe(true);
    expect(grownMb).toBeLessThan(100);
  });
});
