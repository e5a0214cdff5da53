import { describe, expect } from 'vitest';
import { RunAbortedError } from '../src/errors/run-aborted-error';
import { formatResultForModel } from '../src/model/format-result-for-model';
import { resultCaps } from '../src/result/result-caps';
import { isolatedVmPackageName } from '../src/runtimes/isolated-vm-package';
import { coTenantRun } from './co-tenant-run';
import {
  endlessFinalizer,
  hugeSymbolValue,
  killsItsWorker,
  outrunsItsMemoryLimit,
  syntaxErrorWithSpaces,
  typeScriptParseBomb,
} from './hostile-programs.mjs';
import { interpreterTest, type RunCode } from './interpreter-fixture';
import { sandboxWorkerPids } from './sandbox-worker-processes';

/**
 * One caller's hostile program must not stall, starve or silently reset another caller's runs
 * (the red-team findings of the hostile-tenants issue). Every test here runs on one worker
 * process, so the hostile program and its co-tenant share it. Kept in the suite forever.
 */
const maxOutputChars = 10_000;
const test = interpreterTest({ workers: 1, maxOutputChars });

/** A co-tenant's run started while the hostile one is in flight: it must answer in its own time. */
const runCoTenant = (run: RunCode) =>
  coTenantRun(run, {
    language: 'javascript',
    code: '[1, 2, 3].map((n) => n * 2).join()',
    delayMs: 100,
  });

describe('parsing is part of the run', () => {
  // 126 characters: sucrase's TypeScript parser backtracks exponentially over nested generics
  // (6 s at depth 20, over 100 s at 24), on the thread that answers every other run.
  const typeScriptBomb = typeScriptParseBomb;

  test('a TypeScript parse bomb ends at its deadline; a co-tenant is answered meanwhile', async ({
    run,
  }) => {
    const started = performance.now();
    const [hostile, coTenant] = await Promise.all([
      run('typescript', typeScriptBomb, { timeout: 1_000 }),
      runCoTenant(run),
    ]);
    const hostileMs = performance.now() - started;
    expect(hostile.success).toBe(false);
    expect(hostile.timedOut).toBe(true);
    expect(hostile.errorInfo?.name).toBe('TimeoutError');
    expect(hostile.errorInfo?.message).toMatch(/while the code was still being parsed/);
    expect(hostileMs).toBeLessThan(5_000);
    expect(coTenant.result.value).toBe("'2,4,6'");
    expect(coTenant.ms).toBeLessThan(2_000);
  });

  test('aborting a run that is still being parsed ends it at once', async ({ interpreter }) => {
    const controller = new AbortController();
    const running = interpreter.run(
      { language: 'typescript', code: typeScriptBomb, timeout: 30_000 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    await expect(running).rejects.toSatisfy((error) => RunAbortedError.isInstance(error));
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  test('the next TypeScript run after a bomb parses normally', async ({ run }) => {
    await run('typescript', typeScriptBomb, { timeout: 500 });
    const result = await run('typescript', 'const n: number = 6 * 7; n');
    expect(result.value).toBe('42');
  });

  test('a syntax error whose message holds 100,000 spaces costs the worker no quadratic work', async ({
    run,
  }) => {
    // The old position regex `\s*\[cell\.(?:js|ts):(\d+):(\d+)\]$` took 6.3 s of worker time here.
    const started = performance.now();
    const [hostile, coTenant] = await Promise.all([
      run('javascript', syntaxErrorWithSpaces, { timeout: 5_000 }),
      runCoTenant(run),
    ]);
    expect(hostile.errorInfo?.name).toBe('SyntaxError');
    expect(hostile.errorInfo?.line).toBe(1);
    expect(hostile.errorInfo?.message.length).toBeLessThan(resultCaps.errorMessageChars + 100);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(coTenant.result.value).toBe("'2,4,6'");
  });
});

describe('no callback runs outside the run that scheduled it', () => {
  test('FinalizationRegistry and Atomics.waitAsync, whose callbacks run as untimed V8 tasks, do not exist', async ({
    run,
  }) => {
    const result = await run(
      'javascript',
      '[typeof FinalizationRegistry, typeof Atomics.waitAsync, typeof WeakRef, typeof Atomics.wait]',
    );
    expect(result.value).toBe("[ 'undefined', 'undefined', 'function', 'function' ]");
  });

  test("the red team's endless finalizer fails at once and the worker keeps answering", async ({
    run,
  }) => {
    const [hostile, coTenant] = await Promise.all([
      run('javascript', endlessFinalizer, { timeout: 1_000 }),
      runCoTenant(run),
    ]);
    expect(hostile.errorInfo?.name).toBe('ReferenceError');
    expect(hostile.errorInfo?.message).toBe('FinalizationRegistry is not defined');
    expect(coTenant.result.value).toBe("'2,4,6'");
    expect(coTenant.ms).toBeLessThan(2_000);
  });

  test('a session blocked in Atomics.wait ends at its deadline; a co-tenant is answered meanwhile', async ({
    interpreter,
    run,
  }) => {
    const session = interpreter.createSession();
    const started = performance.now();
    const [hostile, coTenant] = await Promise.all([
      session.run({
        language: 'javascript',
        code: 'const cell = new Int32Array(new SharedArrayBuffer(4)); Atomics.wait(cell, 0, 0)',
        timeout: 1_000,
      }),
      runCoTenant(run),
    ]);
    expect(hostile.errorInfo?.name).toBe('TimeoutError');
    // A 1 s deadline; the bound includes starting the session's worker (3.3 s once at load 22).
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(coTenant.result.value).toBe("'2,4,6'");
    await session.close();
  });
});

describe('every field of a result is capped before it leaves the sandbox', () => {
  const cases: Array<[string, string]> = [
    ['a 200-million-character Symbol description as the value', hugeSymbolValue],
    ['a 50 MB nested array as the value', "Array(50).fill(Array(100).fill('x'.repeat(1e4)))"],
    [
      'a 10-million-character error name',
      "const e = new Error('m'); e.name = 'N'.repeat(1e7); throw e",
    ],
    ['a 20-million-character error message', "throw new Error('x'.repeat(2e7))"],
    [
      'a huge unhandled rejection reason',
      "Promise.reject('x'.repeat(5e7)); await new Promise((resolve) => setTimeout(resolve, 10))",
    ],
    [
      'a huge unhandled rejection error',
      "Promise.reject(new Error('y'.repeat(2e7))); await new Promise((resolve) => setTimeout(resolve, 10))",
    ],
  ];

  test.for(cases)('%s', async ([, code], { run }) => {
    const result = await run('javascript', code, { timeout: 10_000 });
    expect((result.value ?? '').length).toBeLessThan(maxOutputChars + 200);
    expect((result.errorInfo?.name ?? '').length).toBeLessThan(resultCaps.errorNameChars + 200);
    expect((result.errorInfo?.message ?? '').length).toBeLessThan(
      resultCaps.errorMessageChars + 200,
    );
    expect((result.errorInfo?.stack ?? '').length).toBeLessThan(resultCaps.errorStackChars + 200);
    // Cut fields say so; a run stopped at its memory limit reports that instead.
    if (result.errorInfo?.name !== 'MemoryLimitError') expect(result.truncated).toBe(true);
    expect(JSON.stringify(result).length).toBeLessThan(4 * maxOutputChars + 60_000);
  });

  test('eight such runs at once leave the application process bounded', async ({ run }) => {
    const before = process.memoryUsage().rss;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        run(
          'javascript',
          index % 2 === 0
            ? "Array(50).fill(Array(100).fill('x'.repeat(1e4)))"
            : "Promise.reject('x'.repeat(5e7)); await new Promise((resolve) => setTimeout(resolve, 10))",
          { timeout: 10_000 },
        ),
      ),
    );
    const grownMb = (process.memoryUsage().rss - before) / 1_048_576;
    expect(results.every((result) => result.truncated)).toBe(true);
    // Before the caps, one 2e8-character stack took the application from 68 MB to 832 MB. RSS
    // also holds heap the collector has not given back yet: capped runs grew it 40–117 MB (117
    // once, under Node 26 after the rest of this file), so the bound leaves room for that and
    // still fails by far on uncapped fields.
    expect(grownMb).toBeLessThan(200);
  });
});

/** Kills its worker: this replace runs in a V8 builtin that ignores the deadline. */
const crashesItsWorker = killsItsWorker;

describe("one caller's program cannot end another caller's session", () => {
  test('a program that takes its worker down, stateless or in a session, leaves other sessions as they were', async ({
    interpreter,
    run,
  }) => {
    const victim = interpreter.createSession();
    await victim.run({ language: 'javascript', code: 'var kept = 42' });
    const culprit = interpreter.createSession();
    const [stateless, inSession] = await Promise.all([
      run('javascript', crashesItsWorker, { timeout: 1_000 }),
      culprit.run({ language: 'javascript', code: crashesItsWorker, timeout: 1_000 }),
    ]);
    expect(stateless.success).toBe(false);
    expect(inSession.success).toBe(false);
    expect(inSession.sessionReset?.when).toBe('this-run');
    expect(formatResultForModel(inSession)).toMatch(
      /\[Session reset: This run stopped the session's sandbox/,
    );
    const after = await victim.run({ language: 'javascript', code: 'kept' });
    expect(after.value).toBe('42');
    expect(after.sessionReset).toBeUndefined();
    await Promise.all([victim.close(), culprit.close()]);
  });
});

const packed = interpreterTest({ workers: 1, sessionsPerWorker: 2 });

describe('sessions sharing a process are told when another one takes it down', () => {
  packed(
    "the victim's next run says its state is gone, typed and in the model's text",
    async ({ interpreter }) => {
      const victim = interpreter.createSession();
      const culprit = interpreter.createSession();
      await victim.run({ language: 'javascript', code: 'var kept = 42' });
      await culprit.run({ language: 'javascript', code: crashesItsWorker, timeout: 1_000 });
      const after = await victim.run({ language: 'javascript', code: 'kept' });
      expect(after.success).toBe(false);
      expect(after.errorInfo?.name).toBe('ReferenceError');
      expect(after.sessionReset?.when).toBe('before-this-run');
      expect(after.sessionReset?.message).toMatch(/state stopped .* while the session was idle/);
      expect(formatResultForModel(after)).toMatch(/^\[Session reset: The sandbox process/);
      // Told once: the run after that is an ordinary run of the fresh session.
      const again = await victim.run({ language: 'javascript', code: 'var kept = 7; kept' });
      expect(again.sessionReset).toBeUndefined();
      await Promise.all([victim.close(), culprit.close()]);
    },
  );
});

const unconfined = interpreterTest({ workers: 1, workerIsolation: 'none' });

describe('a worker that stops answering is replaced within seconds', () => {
  unconfined(
    'a run on a frozen worker ends as a crash in seconds, not at its timeout plus two minutes',
    async ({ interpreter }) => {
      const before = new Set(sandboxWorkerPids());
      const session = interpreter.createSession();
      await session.run({ language: 'javascript', code: 'var kept = 1' });
      const sessionWorkers = sandboxWorkerPids().filter((pid) => !before.has(pid));
      expect(sessionWorkers.length).toBeGreaterThan(0);
      const running = session.run({
        language: 'javascript',
        code: 'await new Promise((resolve) => setTimeout(resolve, 25_000)); kept',
        timeout: 30_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Freeze the session's worker (and the spare beside it): its main thread answers nothing.
      for (const pid of sessionWorkers) process.kill(pid, 'SIGSTOP');
      const started = performance.now();
      const result = await running;
      for (const pid of sessionWorkers) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {}
      }
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(result.errorInfo?.name).toBe('SandboxCrashedError');
      expect(result.errorInfo?.message).toMatch(/stopped answering/);
      expect(result.sessionReset?.when).toBe('this-run');
      await session.close();
    },
  );
});

describe('what a sandbox can learn of its host', () => {
  test("dates are UTC whatever the host's time zone, and the performance clock starts with the run's context", async ({
    run,
  }) => {
    const result = await run(
      'javascript',
      '[Intl.DateTimeFormat().resolvedOptions().timeZone, new Date(0).getTimezoneOffset(), Math.abs(Date.now() - performance.timeOrigin) < 60_000]',
    );
    expect(result.value).toBe("[ 'UTC', 0, true ]");
  });
});

const logs: string[] = [];
const logged = interpreterTest({ workers: 1, onLog: (_level, message) => logs.push(message) });

describe('a program that ignores its deadline costs its worker, soon, and nobody else', () => {
  logged(
    'it ends about a second after its deadline; quick runs sharing its worker are answered, longer ones run again elsewhere',
    async ({ run }) => {
      // The worker is started first: the bounds below are about the culprit, not a process start.
      await run('javascript', '1');
      const started = performance.now();
      // 512 MB: the builtin's peak heap passes 128 MB after about 2 s on a fast host, and the
      // memory limit would then stop it before the worker reports it stuck (at its deadline plus
      // 1 s); with room it runs about 3.3 s here, far past that.
      const [culprit, quick, longer] = await Promise.all([
        run('javascript', crashesItsWorker, { timeout: 500, memoryLimit: 512 }),
        runCoTenant(run),
        run(
          'javascript',
          'await new Promise((resolve) => setTimeout(resolve, 1_500)); "finished"',
          {
            timeout: 10_000,
          },
        ),
      ]);
      expect(culprit.errorInfo?.name).toBe('TimeoutError');
      expect(culprit.errorInfo?.message).toMatch(/did not stop at its deadline/);
      // Its sandbox's watchdog acts at +0.5 s; still running at +1 s, the worker reports it stuck
      // and is retired at once (before: killed by the supervisor at its deadline plus 2 s).
      expect(
        logs.some((message) => /ignores its deadline; retiring the worker/.test(message)),
      ).toBe(true);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(quick.result.value).toBe("'2,4,6'");
      expect(quick.ms).toBeLessThan(2_000);
      expect(longer.value).toBe("'finished'");
    },
  );
});

describe('a program that outruns its memory limit in code that cannot be stopped costs its worker at once', () => {
  logged(
    'it ends as MemoryLimitError within seconds of the limit, not at its 20 s deadline; its worker is retired and a co-tenant is answered',
    async ({ run }) => {
      const started = performance.now();
      const [culprit, quick] = await Promise.all([
        run('javascript', outrunsItsMemoryLimit, { timeout: 20_000, memoryLimit: 64 }),
        runCoTenant(run),
      ]);
      // isolated-vm 7 (Node 24, 26) disposes the isolate at the limit and the builtin runs on:
      // the worker is retired. Under isolated-vm 6 (Node 22) V8 aborts the worker process itself.
      const retired = isolatedVmPackageName() === 'isolated-vm';
      expect(culprit).toMatchObject({
        success: false,
        timedOut: false,
        errorInfo: { name: retired ? 'MemoryLimitError' : 'SandboxCrashedError' },
      });
      // Before: a TimeoutError at the deadline, the worker growing ~100 MB/s until then. Within
      // 14 s, not 20: it took 10.2 s once at load 25 (a fresh-clone CI beside other test runs).
      expect(performance.now() - started).toBeLessThan(14_000);
      expect(
        logs.some((message) =>
          /outran its memory limit in code that cannot be stopped; retiring the worker/.test(
            message,
          ),
        ),
      ).toBe(retired);
      expect(quick.result.value).toBe("'2,4,6'");
      expect((await run('javascript', '[1, 2, 3].length')).value).toBe('3');
    },
  );
});
