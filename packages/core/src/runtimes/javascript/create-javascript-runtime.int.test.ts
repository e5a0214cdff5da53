import { afterEach, describe, expect, it, vi } from 'vitest';
import { runInFreshSandbox } from '../../../test/sandbox-runs';
import type { SandboxRuntime } from '../sandbox-runtime';
import {
  createJavaScriptRuntime,
  type JavaScriptRuntimeOptions,
} from './create-javascript-runtime';
import { JavaScriptIsolate } from './javascript-isolate';
import { SourceTransformer } from './transform/source-transformer';

let runtime: SandboxRuntime | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await runtime?.close();
  runtime = undefined;
});

/** Runs `count` stateless programs one after another; returns how many isolates were created. */
async function isolatesFor(count: number, options: JavaScriptRuntimeOptions): Promise<number> {
  const create = vi.spyOn(JavaScriptIsolate, 'create');
  runtime = createJavaScriptRuntime(options);
  for (let index = 0; index < count; index++) {
    const outcome = await runInFreshSandbox(
      runtime,
      'javascript',
      'Array.from({ length: 20000 }, (_, i) => ({ i })).length',
      { memoryLimitMb: 64 },
    );
    expect(outcome.value).toBe('20000');
  }
  return create.mock.calls.length;
}

describe('JavaScript runtime isolate reuse', () => {
  it('gives each stateless run a fresh context on a reused isolate', async () => {
    expect(await isolatesFor(6, {})).toBe(1);
  });

  it('replaces an isolate whose heap (garbage of finished runs included) passed the bound', async () => {
    expect(await isolatesFor(6, { retireAboveHeapMb: 0.5 })).toBe(6);
  });

  it('replaces an isolate after its quota of contexts', async () => {
    expect(await isolatesFor(6, { contextsPerIsolate: 2 })).toBe(3);
  });
});

describe('JavaScript runtime transform threads', () => {
  it('starts its idle transform threads after the delay, and one at once for a cell that needs it', async () => {
    const prewarm = vi.spyOn(SourceTransformer.prototype, 'prewarm');
    runtime = createJavaScriptRuntime({ transformPrewarmDelayMs: 300 });
    // TypeScript is stripped on a transform thread: the first such cell starts one.
    const typed = await runInFreshSandbox(runtime, 'typescript', 'const n: number = 41; n + 1');
    expect(typed.value).toBe('42');
    expect(prewarm).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(prewarm).toHaveBeenCalledTimes(1), { timeout: 5_000 });
  });

  it('starts none when closed before the delay', async () => {
    const prewarm = vi.spyOn(SourceTransformer.prototype, 'prewarm');
    runtime = createJavaScriptRuntime({ transformPrewarmDelayMs: 100 });
    await runtime.close();
    runtime = undefined;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(prewarm).not.toHaveBeenCalled();
  });
});
