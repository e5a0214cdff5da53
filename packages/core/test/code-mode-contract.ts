import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { z } from 'zod';
import type { CodeInterpreter } from '../src/interpreter/code-interpreter';
import type { CodeInterpreterOptions } from '../src/interpreter/code-interpreter-options';
import type { SandboxTools } from '../src/tools/sandbox-tool';
import { interpreterTest } from './interpreter-fixture';

/** The programs of the code-mode contract, in one language. */
export interface CodeModePrograms {
  /** 30 calls of `getStock` one after another, then 3 at once; prints the sum of `count`s. */
  manyCalls: string;
  /** Mutates what `getConfig` returned, then calls it again; prints `mode` of the second answer. */
  copies: string;
  /** Calls `explode` and prints the error's class name, message and stack (if any). */
  hostError: string;
  /** Calls `getStock` with a number for `sku`; prints the error's class name and message. */
  invalidInput: string;
  /** Calls `getStock` in an endless loop, ignoring nothing: the run must fail at the cap. */
  tightLoop: string;
  /** Calls `hang` and waits. */
  hanging: string;
  /** 12 calls of `track` at once; prints how many succeeded. */
  concurrent: string;
  /** Calls `extra` (a run-level tool); prints its answer. */
  runTool: string;
}

/** Options of {@link codeModeContract}. */
export interface CodeModeContractOptions {
  name: string;
  language: 'javascript' | 'typescript' | 'python';
  options: CodeInterpreterOptions;
  programs: CodeModePrograms;
  /**
   * Makes the interpreter under test with the suite's `tools` instead of
   * `createCodeInterpreter({ workers: 1, ...options, tools, toolLimits })` (e.g. a remote one, over
   * hosts started with `options` and the suite's {@link codeModeToolLimits}).
   */
  create?: (options: { tools: SandboxTools }) => Promise<CodeInterpreter>;
}

/** The tool limits the suite's interpreter runs under (a remote suite gives them to its hosts). */
export const codeModeToolLimits = { maxCalls: 40, maxConcurrent: 4 };

/**
 * One suite for code mode (the application's tools called from sandboxed code), run against
 * every runtime: many calls in one program, values that are copies, host errors that leak
 * nothing, schema checks, the call cap, a hanging tool cut by the run's deadline, the
 * concurrency cap, and tools given per run.
 */
export function codeModeContract({
  name,
  language,
  options,
  programs,
  create,
}: CodeModeContractOptions) {
  const state = {
    config: { mode: 'original', nested: { depth: 1 } },
    inFlight: 0,
    maxInFlight: 0,
    hangSignal: undefined as AbortSignal | undefined,
  };
  const tools: SandboxTools = {
    getStock: {
      description: 'Stock of one SKU.',
      inputSchema: z.object({ sku: z.string() }),
      execute: ({ sku }: { sku: string }) => ({ sku, count: sku.length }),
    },
    getConfig: {
      inputSchema: { type: 'object', properties: {} },
      // The host's own object: the sandbox must only ever get a copy.
      execute: () => state.config,
    },
    explode: {
      inputSchema: { type: 'object' },
      execute: () => {
        // A Node.js system error: its message names a host path.
        readFileSync('/nonexistent-host-folder/secret-key.pem');
      },
    },
    hang: {
      inputSchema: { type: 'object' },
      execute: (_input: unknown, { signal }: { signal: AbortSignal }) => {
        state.hangSignal = signal;
        return new Promise(() => {});
      },
    },
    track: {
      inputSchema: { type: 'object' },
      execute: async () => {
        state.inFlight++;
        state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        state.inFlight--;
        return true;
      },
    },
  };
  const test = interpreterTest(
    { ...options, tools, toolLimits: codeModeToolLimits },
    create ? () => create({ tools }) : undefined,
  );
  const run = (interpreter: CodeInterpreter, code: string, timeout?: number) =>
    interpreter.run({ language, code, ...(timeout ? { timeout } : {}) });

  describe(`code mode: ${name}`, () => {
    test('a program makes 30 tool calls in one run, and every call is recorded', async ({
      interpreter,
    }) => {
      const result = await run(interpreter, programs.manyCalls);
      expect(result.errorInfo).toBeUndefined();
      // SKUs S0..S29 have 2 or 3 characters (10*2 + 20*3 = 80), then 'a', 'bb', 'ccc' (6).
      expect(result.stdout.trim()).toBe('86');
      expect(result.toolCalls).toHaveLength(33);
      expect(result.toolCalls?.[0]).toMatchObject({
        name: 'getStock',
        input: { sku: 'S0' },
        output: { sku: 'S0', count: 2 },
      });
      expect(
        result.toolCalls?.every((call) => typeof call.ms === 'number' && call.error === undefined),
      ).toBe(true);
    });

    test("a tool's returned object is a copy: changing it changes nothing on the host", async ({
      interpreter,
    }) => {
      const result = await run(interpreter, programs.copies);
      expect(result.errorInfo).toBeUndefined();
      expect(result.stdout.trim()).toBe('original');
      expect(state.config).toEqual({ mode: 'original', nested: { depth: 1 } });
    });

    test('a host error reaches the code as ToolError with no host path or stack', async ({
      interpreter,
    }) => {
      const result = await run(interpreter, programs.hostError);
      expect(result.errorInfo).toBeUndefined();
      expect(result.stdout).toContain('ToolError');
      expect(result.stdout).toContain('ENOENT');
      for (const leak of [
        '/nonexistent-host-folder',
        'secret-key',
        'node:internal',
        'readFileSync',
        import.meta.dirname,
      ]) {
        expect(result.stdout).not.toContain(leak);
        expect(JSON.stringify(result.toolCalls)).not.toContain(leak);
      }
    });

    test('input is checked against the schema before the tool runs', async ({ interpreter }) => {
      const result = await run(interpreter, programs.invalidInput);
      expect(result.stdout).toContain('ToolError');
      expect(result.stdout).toMatch(/Invalid input for getStock: input\.sku: expected string/);
      expect(result.toolCalls?.[0]?.error).toMatch(/Invalid input/);
    });

    test('a tight loop of calls hits the cap with a clear error', async ({ interpreter }) => {
      const result = await run(interpreter, programs.tightLoop, 10_000);
      expect(result.success).toBe(false);
      expect(result.errorInfo?.name).toBe('ToolError');
      expect(result.errorInfo?.message).toMatch(/already made 40 tool calls/);
      // 40 answered, and the first refusal.
      expect(result.toolCalls).toHaveLength(41);
    });

    test("a hanging tool is cut by the run's deadline, and its signal fires", async ({
      interpreter,
    }) => {
      const start = performance.now();
      const result = await run(interpreter, programs.hanging, 1_500);
      expect(result.timedOut).toBe(true);
      expect(performance.now() - start).toBeLessThan(1_500 + 3_000);
      expect(state.hangSignal?.aborted).toBe(true);
      expect(result.toolCalls?.[0]).toMatchObject({ name: 'hang' });
    });

    test('calls made at once run at most maxConcurrent at a time', async ({ interpreter }) => {
      state.maxInFlight = 0;
      const result = await run(interpreter, programs.concurrent);
      expect(result.errorInfo).toBeUndefined();
      expect(result.stdout.trim()).toBe('12');
      expect(state.maxInFlight).toBeGreaterThan(1);
      expect(state.maxInFlight).toBeLessThanOrEqual(4);
    });

    test("a run's own tools are added to the interpreter's, for that run only", async ({
      interpreter,
    }) => {
      const extra: SandboxTools = {
        extra: { inputSchema: { type: 'object' }, execute: () => ({ from: 'run' }) },
      };
      const withTool = await interpreter.run(
        { language, code: programs.runTool },
        { tools: extra },
      );
      expect(withTool.stdout.trim()).toBe('run');
      const without = await interpreter.run({ language, code: programs.runTool });
      expect(without.success).toBe(false);
    });
  });
}
