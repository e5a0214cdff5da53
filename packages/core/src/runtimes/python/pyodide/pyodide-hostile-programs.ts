/**
 * Hostile Python programs of the Pyodide tests (test helpers): code that makes V8 run Python or
 * JavaScript outside any call the worker makes into the sandbox's isolate.
 */

/**
 * JavaScript garbage that lives long enough to reach V8's old generation, so major GCs run: only
 * they clear the targets of FinalizationRegistry entries (which queues their callbacks).
 */
export const makeGarbage =
  'let keep = []; for (let j = 0; j < 8; j++) { keep = []; for (let i = 0; i < 2e5; i++) keep.push({ i, s: "x" + i }) }';

/**
 * Python objects whose `__del__` loops forever, held only by JavaScript (`globalThis.held`) through
 * proxies Pyodide registered with its own FinalizationRegistry (copies of borrowed proxies are).
 */
export const armBombs = `from pyodide.code import run_js
class Bomb:
    def __del__(self):
        while True:
            pass
hold = run_js("(bomb) => { (globalThis.held ??= []).push(bomb.copy()) }")
for _ in range(100):
    hold(Bomb())
`;

/**
 * Releases the bombs and makes garbage from a setter on Object.prototype.result, which the old
 * sandbox side ran while the worker collected a run's result: Pyodide's own finalizer then ran
 * the `__del__` right after that call, and the worker's next, synchronous call into the isolate
 * (getHeapStatisticsSync) blocked its main thread for good.
 */
export const bombsWhileCollecting = `${armBombs}run_js("""() => {
  Object.defineProperty(Object.prototype, 'result', { configurable: true, set(value) {
    delete Object.prototype.result;
    Object.defineProperty(this, 'result', { value, enumerable: true, writable: true, configurable: true });
    globalThis.held = null;
    ${makeGarbage}
  } });
}""")()
'done'`;

/** Releases the bombs and makes garbage during the run: the next call into the isolate hangs. */
export const bombsDuringRun = `${armBombs}run_js("""globalThis.held = null; ${makeGarbage}""")
import time
time.sleep(0.1)
'done'`;
