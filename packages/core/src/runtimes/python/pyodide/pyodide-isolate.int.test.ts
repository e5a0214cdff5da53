import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { loadPyodideAssets } from './pyodide-assets';
import { armBombs, makeGarbage } from './pyodide-hostile-programs';
import { PyodideIsolate } from './pyodide-isolate';
import { pyodideMemoryLimits } from './pyodide-memory-limits';
import { runPyodideCell } from './run-pyodide-cell';

async function bootSandbox(): Promise<PyodideIsolate> {
  return PyodideIsolate.boot({
    assets: loadPyodideAssets(),
    ...pyodideMemoryLimits(128),
    timeoutMs: 60_000,
  });
}

/**
 * Kills this test process if it stops answering for `ms`: a synchronous wait on a busy isolate
 * would block its main thread for good, and the test must then fail, not hang.
 */
function guardAgainstHang(ms: number) {
  const guard = spawn(
    process.execPath,
    ['-e', `setTimeout(() => { try { process.kill(${process.pid}, 'SIGKILL') } catch {} }, ${ms})`],
    { stdio: 'ignore' },
  );
  return () => guard.kill();
}

describe('PyodideIsolate never blocks the worker on a busy isolate', () => {
  it("gives up on the heap statistics of an isolate stuck in a __del__ run by Pyodide's proxy finalizer, and disposes it", async () => {
    const sandbox = await bootSandbox();
    const armed = await runPyodideCell(sandbox, {
      language: 'python',
      code: armBombs,
      timeoutMs: 10_000,
      maxOutputChars: 1_000,
      signal: new AbortController().signal,
    });
    expect(armed.error).toBeUndefined();
    expect(armed.reusable).toBe(true);
    const release = guardAgainstHang(30_000);
    try {
      // Outside any run: the finalizer runs right after this call, with no timeout, for good.
      await sandbox.context.eval(`globalThis.held = null; ${makeGarbage}`, { timeout: 10_000 });
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 20);
      const started = performance.now();
      const bytes = await sandbox.heapUsedBytes(500);
      const waitedMs = performance.now() - started;
      clearInterval(ticker);
      expect(bytes).toBeUndefined();
      expect(sandbox.isDisposed).toBe(true);
      expect(waitedMs).toBeLessThan(1_500);
      // The main thread kept running its timers meanwhile.
      expect(ticks).toBeGreaterThan(10);
    } finally {
      release();
      sandbox.dispose();
    }
  });

  it('reports the heap of an idle isolate', async () => {
    const sandbox = await bootSandbox();
    try {
      const bytes = await sandbox.heapUsedBytes(1_000);
      expect(bytes).toBeGreaterThan(1_048_576);
      expect(sandbox.isDisposed).toBe(false);
    } finally {
      sandbox.dispose();
    }
  });
});

describe('PyodideIsolate code caches', () => {
  it('boots from source when V8 rejects a cache, and has the runtime make them again', async () => {
    (await bootSandbox()).dispose(); // the caches exist from here on
    expect(PyodideIsolate.takeCodeCacheRejection()).toBe(false);
    // A cache carries V8's flag hash: another value of any flag that is part of it (here one
    // that only tunes the optimizer) makes V8 reject every cache made before.
    setFlagsFromString('--max-inlined-bytecode-size=461');
    try {
      const sandbox = await bootSandbox();
      const outcome = await runPyodideCell(sandbox, {
        language: 'python',
        code: 'print(6 * 7)',
        timeoutMs: 10_000,
        maxOutputChars: 1_000,
        signal: new AbortController().signal,
      });
      sandbox.dispose();
      expect(outcome.stdout).toBe('42\n');
      expect(PyodideIsolate.takeCodeCacheRejection()).toBe(true);
      expect(PyodideIsolate.takeCodeCacheRejection()).toBe(false);
      // The boot that found no cache made new ones, which V8 takes.
      (await bootSandbox()).dispose();
      expect(PyodideIsolate.takeCodeCacheRejection()).toBe(false);
    } finally {
      setFlagsFromString('--max-inlined-bytecode-size=460');
    }
  }, 60_000);
});
