import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxError } from '../src/errors/sandbox-error';
import type { OutputChunk } from '../src/result/execution-result';
import type { Sandbox, SandboxRunOutcome, SandboxRuntime } from '../src/runtimes/sandbox-runtime';
import type { SupportedLanguage } from '../src/schema/code-execution-schema';
import { runInFreshSandbox, type SandboxRunOptions, sandboxRequest } from './sandbox-runs';

/** Programs in the runtime's language that the suite runs; each says what it must do. */
export interface ConformancePrograms {
  /** Prints the line `hello`, then ends with an expression whose value renders as `42`. */
  printThenValue: string;
  /** Raises an error of type `errorOnLine3.name` on line 3 (lines 1–2 run fine). */
  errorOnLine3: { code: string; name: string };
  /** Defines the variable `kept` as 41, so that `readKept` renders `42` in the same session. */
  defineKept: string;
  /** An expression using `kept` whose value renders as `42`; in a fresh sandbox it fails with `missingName`. */
  readKept: string;
  /** The error type of `readKept` where `kept` was never defined. */
  missingName: string;
  /** Never ends on its own, printing nothing. */
  spinForever: string;
  /** Prints `started`, then never ends on its own. */
  printThenSpin: string;
  /** Prints 100,000 `x` characters in total (in any number of writes), then `END`. */
  floodThenEnd: string;
}

/** Options of {@link sandboxRuntimeConformance}. */
export interface SandboxRuntimeConformanceOptions {
  /** Names the runtime in the test titles. */
  name: string;
  /** Makes the runtime under test (closed by the suite). */
  create: () => SandboxRuntime;
  /** The language its sandboxes run. */
  language: SupportedLanguage;
  programs: ConformancePrograms;
  /** How long a sandbox may take to boot on a busy machine (the first one may build snapshots). */
  bootTimeoutMs?: number;
}

/**
 * The contract every `SandboxRuntime` keeps, as one suite run against each implementation
 * (JavaScript, Pyodide, native Python), as langchainjs runs one standard suite per integration:
 * output and value, the error's line, state kept by a stateful sandbox and by nothing else, one run
 * per stateless sandbox, the deadline, abort, the output cap, dispose and close.
 */
export function sandboxRuntimeConformance(options: SandboxRuntimeConformanceOptions): void {
  const { name, language, programs } = options;
  const bootTimeoutMs = options.bootTimeoutMs ?? 120_000;
  let runtime: SandboxRuntime;
  const open: Sandbox[] = [];

  const sandbox = async (stateful: boolean, memoryLimitMb = 128) => {
    const created = await runtime.createSandbox({ memoryLimitMb, stateful });
    open.push(created);
    return created;
  };
  const request = (code: string, extra: SandboxRunOptions = {}) =>
    sandboxRequest(language, code, { timeoutMs: 20_000, ...extra });
  const runOnce = (code: string, extra: SandboxRunOptions = {}) =>
    runInFreshSandbox(runtime, language, code, { timeoutMs: 20_000, ...extra });

  describe(`SandboxRuntime conformance: ${name}`, () => {
    beforeAll(async () => {
      runtime = options.create();
      // The first sandbox may do one-time work (snapshots, font lists): not part of any test.
      await (await runtime.createSandbox({ memoryLimitMb: 128, stateful: false })).dispose();
    }, bootTimeoutMs);

    afterAll(async () => {
      await Promise.all(open.map((each) => each.dispose()));
      await runtime?.close();
    });

    it('returns printed output and the value of the last expression', async () => {
      const outcome = await runOnce(programs.printThenValue);
      expect(outcome).toMatchObject({
        stdout: 'hello\n',
        stderr: '',
        value: '42',
        timedOut: false,
        truncated: false,
        images: [],
        reusable: true,
      });
      expect(outcome.error).toBeUndefined();
    });

    it("reports an uncaught error with its type and the line in the user's code", async () => {
      const outcome = await runOnce(programs.errorOnLine3.code);
      expect(outcome.error).toMatchObject({ name: programs.errorOnLine3.name, line: 3 });
      expect(outcome.timedOut).toBe(false);
      expect(outcome.value).toBeUndefined();
    });

    it('keeps state across the runs of a stateful sandbox, and the sandbox stays reusable', async () => {
      const session = await sandbox(true);
      const defined = await session.run(request(programs.defineKept));
      expect(defined.error).toBeUndefined();
      expect(defined.reusable).toBe(true);
      const read = await session.run(request(programs.readKept));
      expect(read.error).toBeUndefined();
      expect(read.value).toBe('42');
      await session.dispose();
    });

    it('never lets one sandbox see state another defined', async () => {
      const session = await sandbox(true);
      await session.run(request(programs.defineKept));
      const elsewhere = await runOnce(programs.readKept);
      expect(elsewhere.error?.name).toBe(programs.missingName);
      const first = await runOnce(programs.defineKept);
      expect(first.error).toBeUndefined();
      const next = await runOnce(programs.readKept);
      expect(next.error?.name).toBe(programs.missingName);
      await session.dispose();
    });

    it('runs a stateless sandbox once: a second run is refused with SandboxError', async () => {
      const once = await sandbox(false);
      await once.run(request(programs.defineKept));
      const second = await once.run(request(programs.readKept)).catch((error: unknown) => error);
      expect(SandboxError.isInstance(second)).toBe(true);
      expect((second as Error).message).toMatch(/runs once/);
      await once.dispose();
    });

    it('stops a program at its deadline with TimeoutError, and marks the sandbox not reusable', async () => {
      const session = await sandbox(true);
      const outcome = await session.run(request(programs.spinForever, { timeoutMs: 500 }));
      expect(outcome).toMatchObject({
        timedOut: true,
        reusable: false,
        error: { name: 'TimeoutError', message: expect.stringContaining('500 ms') },
      });
      await session.dispose();
      // The runtime still answers.
      expect((await runOnce(programs.printThenValue)).value).toBe('42');
    });

    it('streams output while the program runs, and stops it on abort with AbortError', async () => {
      // The test aborts upon the first chunk: the run can only end aborted (not timed out) if that
      // chunk arrived while the program was still running.
      const controller = new AbortController();
      const chunks: OutputChunk[] = [];
      const outcome = await runOnce(programs.printThenSpin, {
        timeoutMs: 15_000,
        signal: controller.signal,
        onOutput: (chunk) => {
          chunks.push(chunk);
          // From a later turn of the event loop: a chunk flushed just before the result must
          // not be able to abort a run that is already over.
          setImmediate(() => controller.abort());
        },
      });
      expect(chunks[0]).toEqual({ stream: 'stdout', text: expect.stringMatching(/^started/) });
      expect(outcome).toMatchObject({
        timedOut: false,
        reusable: false,
        error: { name: 'AbortError' },
      });
    });

    it('cuts output over the cap, keeping its head and tail, and says so', async () => {
      const outcome: SandboxRunOutcome = await runOnce(programs.floodThenEnd, {
        maxOutputChars: 1_000,
      });
      expect(outcome.error).toBeUndefined();
      expect(outcome.truncated).toBe(true);
      expect(outcome.stdout.startsWith('xxxxxxxxxx')).toBe(true);
      expect(outcome.stdout.trimEnd().endsWith('END')).toBe(true);
      // The cap with room for the note between head and tail.
      expect(outcome.stdout.length).toBeLessThanOrEqual(1_200);
      expect(outcome.stdout.length).toBeGreaterThanOrEqual(500);
    });

    it('refuses to run after dispose, with SandboxError; dispose is idempotent', async () => {
      const disposed = await sandbox(true);
      await disposed.dispose();
      await disposed.dispose();
      const refused = await disposed
        .run(request(programs.printThenValue))
        .catch((error: unknown) => error);
      expect(SandboxError.isInstance(refused)).toBe(true);
      expect((refused as Error).message).toMatch(/disposed/);
    });

    it('ends a run in progress when its sandbox is disposed', async () => {
      const session = await sandbox(true);
      let started: () => void = () => {};
      const printed = new Promise<void>((resolve) => {
        started = resolve;
      });
      const running = session.run(
        request(programs.printThenSpin, { timeoutMs: 15_000, onOutput: () => started() }),
      );
      await printed;
      await session.dispose();
      expect(await running).toMatchObject({
        reusable: false,
        timedOut: false,
        error: { name: 'AbortError' },
      });
    });

    it(
      'closes idempotently, disposing what is still open, and then refuses new sandboxes',
      async () => {
        const own = options.create();
        const left = await own.createSandbox({ memoryLimitMb: 128, stateful: true });
        expect((await left.run(request(programs.printThenValue))).value).toBe('42');
        await Promise.all([own.close(), own.close()]);
        const afterClose = await left
          .run(request(programs.printThenValue))
          .catch((error: unknown) => error);
        expect(SandboxError.isInstance(afterClose)).toBe(true);
        const refused = await own
          .createSandbox({ memoryLimitMb: 128, stateful: false })
          .catch((error: unknown) => error);
        expect(SandboxError.isInstance(refused)).toBe(true);
        expect((refused as Error).message).toMatch(/closed/);
      },
      bootTimeoutMs,
    );
  });
}
