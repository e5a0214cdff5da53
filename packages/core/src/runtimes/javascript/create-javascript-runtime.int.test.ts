import { afterEach, describe, expect, it, vi } from 'vitest';
import { runInFreshSandbox } from '../../../test/sandbox-runs';
import type { SandboxRuntime } from '../sandbox-runtime';
import {
  createJavaScriptRuntime,
  type JavaScriptRuntimeOptions,
} from './create-javascript-runtime';
import { JavaScriptIsolate } from './javascript-isolate';

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
