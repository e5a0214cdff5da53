import { describe, expect } from 'vitest';
import { interpreterTest, type RunCode } from '../../../../test/interpreter-fixture';

/**
 * One caller's hostile Python program must not stall, starve or silently reset another caller's
 * runs (the hostile-tenants issue, Pyodide side). Every test runs on one worker process, so the
 * hostile program and its co-tenant share it.
 */
const maxOutputChars = 10_000;
const test = interpreterTest({ workers: 1, maxOutputChars, python: 'pyodide' });

/** A co-tenant's run started while the hostile one is in flight: it must answer in its own time. */
async function coTenantRun(run: RunCode, delayMs = 300) {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const started = performance.now();
  const result = await run('python', 'sum(n * 2 for n in [1, 2, 3])', { timeout: 2_000 });
  return { result, ms: performance.now() - started };
}

/** JavaScript garbage enough for a major GC, which queues FinalizationRegistry cleanups. */
const makeGarbage =
  'for (let j = 0; j < 20; j++) { let a = []; for (let i = 0; i < 3e5; i++) a.push({ i }) }';

/** Out-of-run callbacks: code V8 runs as platform tasks, outside any call the worker makes. */
const outOfRunCallbacks: Array<[string, string]> = [
  [
    'a FinalizationRegistry callback that loops forever (JavaScript)',
    `from pyodide.code import run_js
run_js("""
globalThis.r = new FinalizationRegistry(() => { for (;;); });
for (let i = 0; i < 1e4; i++) r.register({}, i);
${makeGarbage}
""")
'done'`,
  ],
  [
    'a FinalizationRegistry callback that loops forever (Python, through create_proxy)',
    `import js
from pyodide.code import run_js
from pyodide.ffi import create_proxy
def spin(*args):
    while True:
        pass
registry = js.FinalizationRegistry.new(create_proxy(spin))
run_js("(r) => { for (let i = 0; i < 1e4; i++) r.register({}, i) }")(registry)
run_js("""${makeGarbage}""")
'done'`,
  ],
  [
    "a __del__ that loops forever, run by Pyodide's own proxy finalizer",
    `import js
from pyodide.code import run_js
from pyodide.ffi import create_proxy
class Bomb:
    def __del__(self):
        while True:
            pass
holder = js.Array.new()
for _ in range(100):
    holder.push(create_proxy(Bomb()))
holder = None
run_js("""${makeGarbage}""")
'done'`,
  ],
  [
    'a FinalizationRegistry cleanup queued while the worker collects the result',
    `from pyodide.code import run_js
run_js("""
globalThis.r = new FinalizationRegistry(() => { for (;;); });
Object.defineProperty(Object.prototype, 'result', { configurable: true, set(value) {
  delete Object.prototype.result;
  Object.defineProperty(this, 'result', { value, enumerable: true, writable: true, configurable: true });
  for (let i = 0; i < 1e4; i++) r.register({}, i);
  ${makeGarbage}
} });
""")
'done'`,
  ],
  [
    'an Atomics.waitAsync continuation that loops forever',
    `from pyodide.code import run_js
run_js("""
const cell = new Int32Array(new SharedArrayBuffer(4));
Atomics.waitAsync(cell, 0, 0, 20).value.then(() => { for (;;); });
""")
import time
time.sleep(0.1)
'done'`,
  ],
];

describe('no callback of a Pyodide program stalls the worker outside its run', () => {
  test.for(outOfRunCallbacks)(
    '%s: the run ends by its deadline and a co-tenant is answered meanwhile',
    async ([, code], { run }) => {
      await run('python', 'None');
      const started = performance.now();
      const [hostile, coTenant] = await Promise.all([
        run('python', code, { timeout: 3_000 }),
        coTenantRun(run),
      ]);
      const hostileMs = performance.now() - started;
      console.log(JSON.stringify({ hostileMs, hostile, coTenant }));
      expect(hostileMs).toBeLessThan(3_000 + 1_500);
      expect(['done', undefined]).toContain(hostile.value === "'done'" ? 'done' : undefined);
      expect(coTenant.result.value).toBe('12');
      expect(coTenant.ms).toBeLessThan(2_000);
      // The worker still answers afterwards.
      const after = await run('python', '6 * 7');
      expect(after.value).toBe('42');
    },
  );
});
