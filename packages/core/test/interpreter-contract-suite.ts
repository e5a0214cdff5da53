import { describe, expect, it } from 'vitest';
import type { CodeInterpreter, CodeInterpreterOptions, OutputChunk } from '../src/index';
import { createCodeInterpreter, InterpreterClosedError, RunAbortedError } from '../src/index';
import type { SupportedLanguage } from '../src/schema/code-execution-schema';
import { interpreterTest } from './interpreter-fixture';
import { sandboxWorkerPids } from './sandbox-worker-processes';
import { type WorkspacePrograms, workspaceContract } from './workspace-contract';

/** Programs in the language under test; each says what it must do. */
export interface ContractPrograms {
  /** Prints `hello` to stdout and `careful` to stderr, then ends with an expression rendered as `value`. */
  notebook: { code: string; value: string };
  /** Raises on line 3; `error` is the whole seed `error` string, `name` the error's name. */
  errorOnLine3: { code: string; name: string; error: string };
  /** Defines the variable `secret` as the string `text`. */
  setSecret(text: string): string;
  /** An expression rendered as the repr of `secret`'s string (`'first'`), or of `missing` when undefined. */
  showSecret: string;
  /** How the string `text` renders as a value. */
  rendered(text: string): string;
  /** Never ends on its own, printing nothing. */
  spin: string;
  /** Prints `one` (stdout), then never ends on its own. */
  printThenSpin: string;
  /** Prints `one` to stdout, waits 50 ms, prints `two` to stderr. */
  oneThenTwo: string;
  /** Prints `waiting`, waits 5 s, then ends. */
  waitFiveSeconds: string;
  /** Programs that use the workspace (see `workspaceContract`). */
  workspace: WorkspacePrograms;
}

/** Options of {@link interpreterContract}. */
export interface InterpreterContractOptions {
  /** Names the interpreter in the titles (`'JavaScript'`, `'Python (native)'`). */
  name: string;
  language: SupportedLanguage;
  /** The interpreter's options (languages, Python runtime). */
  options: CodeInterpreterOptions;
  programs: ContractPrograms;
  /**
   * Makes the interpreter under test instead of `createCodeInterpreter({ workers: 1, ...options })`
   * (e.g. `createRemoteCodeInterpreter` over hosts started with `options`). The tests about this
   * process's own worker processes and workspace folders are then not part of the suite (not
   * skipped: they do not apply here); they hold for the hosts, whose own suites run them.
   */
  create?: () => Promise<CodeInterpreter>;
}

/**
 * The interpreter's contract where it does not depend on the language: result fields, the error
 * line, sessions (kept, separate, reset after a timeout), streaming, abort, a killed worker, and
 * close. Run once per language and Python runtime.
 */
export function interpreterContract({
  name,
  language,
  options,
  programs,
  create,
}: InterpreterContractOptions): void {
  const test = interpreterTest(options, create);
  /** Tests of this process's worker processes: not registered for an interpreter made by `create`. */
  const itHere = (name: string, body: () => Promise<void>, timeout?: number): void => {
    if (!create) it(name, body, timeout);
  };
  const input = (code: string, extra: { timeout?: number } = {}) => ({ language, code, ...extra });

  describe(`interpreter contract: ${name}`, () => {
    workspaceContract(test, language, options, programs.workspace, { local: !create });

    test('keeps the seed fields and adds the notebook ones', async ({ interpreter }) => {
      const result = await interpreter.run(input(programs.notebook.code));
      expect(result).toMatchObject({
        success: true,
        language,
        stdout: 'hello\n',
        stderr: 'careful\n',
        value: programs.notebook.value,
        output: `hello\ncareful\n${programs.notebook.value}`,
        timedOut: false,
        truncated: false,
        images: [],
        timeoutMs: options.defaultTimeoutMs ?? 30_000,
      });
      expect(result.error).toBeUndefined();
      expect(result.executionTime).toBeGreaterThan(0);
    });

    test('a runtime error is data with the line in the user code', async ({ interpreter }) => {
      const result = await interpreter.run(input(programs.errorOnLine3.code));
      expect(result.success).toBe(false);
      expect(result.error).toBe(programs.errorOnLine3.error);
      expect(result.errorInfo).toMatchObject({ name: programs.errorOnLine3.name, line: 3 });
    });

    test('two sessions never see each other, and a stateless run sees neither', async ({
      interpreter,
    }) => {
      const first = interpreter.createSession();
      const second = interpreter.createSession();
      try {
        await Promise.all([
          first.run(input(programs.setSecret('first'))),
          second.run(input(programs.setSecret('second'))),
        ]);
        expect((await first.run(input(programs.showSecret))).value).toBe(
          programs.rendered('first'),
        );
        expect((await second.run(input(programs.showSecret))).value).toBe(
          programs.rendered('second'),
        );
        expect((await interpreter.run(input(programs.showSecret))).value).toBe(
          programs.rendered('missing'),
        );
        await interpreter.run(input(programs.setSecret('stateless')));
        expect((await interpreter.run(input(programs.showSecret))).value).toBe(
          programs.rendered('missing'),
        );
      } finally {
        await first.close();
        await second.close();
      }
      const error = await first.run(input('1')).catch((e: unknown) => e);
      expect(InterpreterClosedError.isInstance(error)).toBe(true);
    });

    test('a session that timed out says its state was reset, and keeps answering', async ({
      interpreter,
    }) => {
      const session = interpreter.createSession();
      try {
        await session.run(input(programs.setSecret('kept')));
        const stopped = await session.run(input(programs.spin, { timeout: 300 }));
        expect(stopped).toMatchObject({
          success: false,
          timedOut: true,
          timeoutMs: 300,
          errorInfo: { name: 'TimeoutError' },
          sessionReset: { when: 'this-run' },
        });
        expect(stopped.error).toMatch(/session was reset/);
        expect((await session.run(input(programs.showSecret))).value).toBe(
          programs.rendered('missing'),
        );
      } finally {
        await session.close();
      }
    });

    test('onOutput receives each chunk on its own stream, in order', async ({ interpreter }) => {
      const chunks: OutputChunk[] = [];
      const result = await interpreter.run(input(programs.oneThenTwo), {
        onOutput: (chunk) => chunks.push(chunk),
      });
      expect(result.success).toBe(true);
      expect(chunks).toEqual([
        { stream: 'stdout', text: 'one\n' },
        { stream: 'stderr', text: 'two\n' },
      ]);
    });

    test('onOutput receives a chunk while the program still runs: the run is stopped upon it', async ({
      interpreter,
    }) => {
      // The run can only end aborted if the chunk came while the program was running; output
      // held until the end would come after the deadline, with the result.
      const controller = new AbortController();
      const chunks: OutputChunk[] = [];
      const outcome = await interpreter
        .run(input(programs.printThenSpin, { timeout: 15_000 }), {
          signal: controller.signal,
          onOutput: (chunk) => {
            chunks.push(chunk);
            setImmediate(() => controller.abort());
          },
        })
        .catch((error: unknown) => error);
      expect(chunks).toEqual([{ stream: 'stdout', text: 'one\n' }]);
      expect(RunAbortedError.isInstance(outcome)).toBe(true);
    });

    test('an AbortSignal stops the run with RunAbortedError, and the interpreter answers on', async ({
      interpreter,
    }) => {
      const controller = new AbortController();
      const running = interpreter.run(input(programs.spin, { timeout: 15_000 }), {
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 200);
      const error = await running.catch((e: unknown) => e);
      expect(RunAbortedError.isInstance(error)).toBe(true);
      expect((await interpreter.run(input(programs.notebook.code))).value).toBe(
        programs.notebook.value,
      );
    });

    itHere(
      'a killed worker turns its runs into clean results and is replaced',
      async () => {
        const others = sandboxWorkerPids();
        const interpreter = createCodeInterpreter({ workers: 1, ...options });
        try {
          await interpreter.run(input(programs.notebook.code));
          const [workerPid] = sandboxWorkerPids().filter((pid) => !others.includes(pid));
          expect(workerPid).toBeDefined();
          let started: () => void = () => {};
          const running = new Promise<void>((resolve) => {
            started = resolve;
          });
          const pending = interpreter.run(input(programs.waitFiveSeconds), {
            onOutput: () => started(),
          });
          await running;
          process.kill(workerPid as number, 'SIGKILL');
          const result = await pending;
          expect(result).toMatchObject({
            success: false,
            errorInfo: { name: 'SandboxCrashedError' },
          });
          expect(result.error).toMatch(/SIGKILL/);
          expect((await interpreter.run(input(programs.notebook.code))).value).toBe(
            programs.notebook.value,
          );
          expect(sandboxWorkerPids()).not.toContain(workerPid);
        } finally {
          await interpreter.close();
        }
      },
      120_000,
    );

    itHere(
      'close() leaves no worker process behind and refuses later runs',
      async () => {
        const before = sandboxWorkerPids();
        const interpreter = createCodeInterpreter({ workers: 2, ...options });
        await Promise.all([1, 2, 3].map(() => interpreter.run(input(programs.notebook.code))));
        const session = interpreter.createSession();
        await session.run(input(programs.setSecret('x')));
        expect(sandboxWorkerPids().length).toBeGreaterThan(before.length);
        await Promise.all([interpreter.close(), interpreter.close()]);
        expect(sandboxWorkerPids()).toEqual(before);
        const error = await interpreter.run(input('1')).catch((e: unknown) => e);
        expect(InterpreterClosedError.isInstance(error)).toBe(true);
      },
      120_000,
    );
  });
}
