import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPython, stillAnswers } from '../../../../test/sandbox-runs';
import type { OutputChunk } from '../../../result/execution-result';
import type { SandboxRuntime } from '../../sandbox-runtime';
import { createPyodideRuntime } from './create-pyodide-runtime';

let runtime: SandboxRuntime;

beforeAll(async () => {
  runtime = createPyodideRuntime();
  await (await runtime.createSandbox({ memoryLimitMb: 128, stateful: false })).dispose();
});

afterAll(async () => {
  await runtime?.close();
});

// Every hostile program must leave the host alive and the runtime answering.
afterEach(async () => {
  expect(await stillAnswers(runtime)).toBe('still here\n');
});

/** A WebAssembly module as a Python list of bytes (for js.Uint8Array.new). */
const wasm = (bytes: number[]) => `js.Uint8Array.new([${bytes.join(', ')}])`;
const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** (module (memory 1)) */
const moduleWithMemory = [...header, 0x05, 0x03, 0x01, 0x00, 0x01];
/** (module (import "e" "m" (memory 1))) */
const moduleImportingMemory = [
  ...header,
  0x02,
  0x08,
  0x01,
  0x01,
  0x65,
  0x01,
  0x6d,
  0x02,
  0x00,
  0x01,
];
/** (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)) */
const moduleAdd = [
  ...header,
  ...[0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f],
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00],
  ...[0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b],
];

describe('Pyodide limits: the deadline cannot be dodged', () => {
  it.each([
    ['a busy loop', 'while True: pass'],
    [
      'a loop that catches BaseException and retries',
      'while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass',
    ],
    ['a long time.sleep', 'import time\ntime.sleep(3600)'],
    ['a long asyncio sleep', 'import asyncio\nawait asyncio.sleep(3600)'],
    ['asyncio.run of a long sleep', 'import asyncio\nasyncio.run(asyncio.sleep(3600))'],
    [
      'a SIGTERM handler that ignores the signal',
      'import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: pass',
    ],
    ['a huge power (10**10**8)', 'x = 10**10**8'],
  ])('stops %s at the deadline', async (_name, code) => {
    const started = performance.now();
    const outcome = await runPython(runtime, code, { timeoutMs: 1_000 });
    expect(outcome.timedOut).toBe(true);
    expect(outcome.error?.name).toBe('TimeoutError');
    expect(outcome.reusable).toBe(false);
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it('keeps what was printed before the deadline', async () => {
    const outcome = await runPython(
      runtime,
      'import time\nprint("started", flush=True)\ntime.sleep(3600)',
      {
        timeoutMs: 800,
      },
    );
    expect(outcome.timedOut).toBe(true);
    expect(outcome.stdout).toBe('started\n');
  });

  it('stops a run whose caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const outcome = await runPython(runtime, 'while True: pass', {
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    expect(outcome.error?.name).toBe('AbortError');
    expect(outcome.timedOut).toBe(false);
    expect(outcome.reusable).toBe(false);
  });

  it('loses a session whose run hit the deadline, and says so', async () => {
    const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
    const request = {
      language: 'python' as const,
      timeoutMs: 800,
      maxOutputChars: 1_000,
      signal: new AbortController().signal,
    };
    expect((await session.run({ ...request, code: 'x = 1' })).reusable).toBe(true);
    const stopped = await session.run({ ...request, code: 'while True: x += 1' });
    expect(stopped).toMatchObject({ timedOut: true, reusable: false });
    await expect(session.run({ ...request, code: 'x' })).rejects.toThrow(/disposed/);
    await session.dispose();
  });
});

describe('Pyodide limits: memory, WebAssembly memory included', () => {
  it('raises MemoryError for a 300 MB bytearray under a 256 MB limit', async () => {
    const outcome = await runPython(runtime, 'x = bytearray(300 * 1024 * 1024)', {
      memoryLimitMb: 256,
    });
    expect(outcome.error?.name).toBe('MemoryError');
    expect(outcome.reusable).toBe(true);
  });

  it('still allows 150 MB under the same limit (the cap, not a blanket refusal, stops 300 MB)', async () => {
    const outcome = await runPython(runtime, 'x = bytearray(150 * 1024 * 1024)\nlen(x)', {
      memoryLimitMb: 256,
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe(String(150 * 1024 * 1024));
  });

  it('raises a limit below what Pyodide itself needs to its floor, so small programs still run', async () => {
    const outcome = await runPython(runtime, 'sum(range(1000))', { memoryLimitMb: 8 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe('499500');
  });

  it('raises MemoryError when a program keeps allocating', async () => {
    const outcome = await runPython(
      runtime,
      'chunks = []\nwhile True:\n    chunks.append(bytearray(10**6))',
      {
        memoryLimitMb: 128,
        timeoutMs: 20_000,
      },
    );
    expect(outcome.error?.name).toBe('MemoryError');
    expect(outcome.memoryUsedMb).toBeLessThan(128 + 160);
  });

  it('refuses bytearray(10**11)', async () => {
    const outcome = await runPython(runtime, 'x = bytearray(10**11)');
    expect(['MemoryError', 'OverflowError']).toContain(outcome.error?.name);
  });

  it('refuses a new WebAssembly.Memory past the limit', async () => {
    const outcome = await runPython(
      runtime,
      'import js\njs.WebAssembly.Memory.new(js.Object.fromEntries([["initial", 5000]]))',
      {
        memoryLimitMb: 256,
      },
    );
    expect(outcome.error?.message).toMatch(/RangeError: WebAssembly\.Memory\(\).*memory limit/);
  });

  it('refuses many small WebAssembly memories past the limit', async () => {
    const code =
      'import js\nkeep = [js.WebAssembly.Memory.new(js.Object.fromEntries([["initial", 1]])) for _ in range(1000)]';
    const outcome = await runPython(runtime, code, { memoryLimitMb: 128 });
    expect(outcome.error?.message).toMatch(/memory limit/);
  });

  it("refuses to grow Pyodide's own heap past the limit from JavaScript", async () => {
    const outcome = await runPython(
      runtime,
      'import pyodide_js\npyodide_js._module.memory.grow(5000)',
      {
        memoryLimitMb: 256,
      },
    );
    expect(outcome.error?.message).toMatch(
      /RangeError: WebAssembly\.Memory\.grow\(\).*memory limit/,
    );
  });

  it.each([
    [
      'WebAssembly.Module',
      `js.WebAssembly.Module.new(${wasm(moduleWithMemory)})`,
      /defines its own memory/,
    ],
    [
      'WebAssembly.compile',
      `await js.WebAssembly.compile(${wasm(moduleWithMemory)})`,
      /defines its own memory/,
    ],
    [
      'WebAssembly.instantiate',
      `await js.WebAssembly.instantiate(${wasm(moduleWithMemory)})`,
      /defines its own memory/,
    ],
    [
      'an imported memory',
      `js.WebAssembly.Module.new(${wasm(moduleImportingMemory)})`,
      /imports a memory/,
    ],
  ])(
    'refuses user-compiled WebAssembly that brings its own memory (%s)',
    async (_name, expression, reason) => {
      const outcome = await runPython(runtime, `import js\n${expression}`);
      expect(outcome.error?.message).toMatch(/CompileError/);
      expect(outcome.error?.message).toMatch(reason);
    },
  );

  it("checks the bytes of user WebAssembly even after the program replaced Module's static methods", async () => {
    // The guard tells a compiled module from bytes with a brand check: one it took from the
    // realm before any program ran, not the one a program can replace.
    const code = [
      'import js',
      'js.WebAssembly.Module.customSections = js.Function.new("return []")',
      'js.WebAssembly.Module.exports = js.Function.new("return []")',
      `await js.WebAssembly.instantiate(${wasm(moduleWithMemory)})`,
    ].join('\n');
    const outcome = await runPython(runtime, code);
    expect(outcome.error?.message).toMatch(/CompileError/);
    expect(outcome.error?.message).toMatch(/defines its own memory/);
  });

  it('still runs user-compiled WebAssembly without a memory', async () => {
    const code = `import js\nmodule = js.WebAssembly.Module.new(${wasm(moduleAdd)})\njs.WebAssembly.Instance.new(module).exports.add(2, 3)`;
    const outcome = await runPython(runtime, code);
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe('5');
  });

  it('refuses resizable ArrayBuffers (their memory is invisible to the isolate limit)', async () => {
    const outcome = await runPython(
      runtime,
      'import js\njs.ArrayBuffer.new(0, js.Object.fromEntries([["maxByteLength", 2**31]]))',
    );
    expect(outcome.error?.message).toMatch(/maxByteLength is not available/);
  });

  it('stops a JavaScript heap balloon made through run_js', async () => {
    const outcome = await runPython(
      runtime,
      'from pyodide.code import run_js\nrun_js("const a = []; while (true) a.push(new Array(1e6).fill(1.5))")',
      { memoryLimitMb: 128, timeoutMs: 20_000 },
    );
    expect(outcome.error?.name).toBe('MemoryLimitError');
    expect(outcome.reusable).toBe(false);
  });

  it('reports a full in-memory disk as OSError, and the interpreter carries on', async () => {
    const code =
      'try:\n    with open("/tmp/big", "wb") as f:\n        while True:\n            f.write(b"x" * 10**6)\nexcept OSError as e:\n    print(type(e).__name__, e.strerror)\nimport os\nos.remove("/tmp/big")\n"alive"';
    const outcome = await runPython(runtime, code, { memoryLimitMb: 128, timeoutMs: 20_000 });
    expect(outcome.stdout).toBe('OSError No space left on device\n');
    expect(outcome.value).toBe("'alive'");
  });

  it('reports a huge sparse file as OSError', async () => {
    const outcome = await runPython(
      runtime,
      'with open("/tmp/sparse", "wb") as f:\n    f.seek(10**12)\n    f.write(b"x")',
    );
    expect(outcome.error?.name).toBe('OSError');
    expect(outcome.reusable).toBe(true);
  });
});

describe('Pyodide limits: hostile programs end cleanly', () => {
  it('reports ordinary recursion as RecursionError', async () => {
    const outcome = await runPython(runtime, 'def f(n):\n    return f(n + 1)\nf(0)');
    expect(outcome.error?.name).toBe('RecursionError');
    expect(outcome.reusable).toBe(true);
  });

  it('ends deep recursion with a raised limit as a clean error and discards the interpreter', async () => {
    const code =
      'import sys\nsys.setrecursionlimit(10**6)\nnested = []\nfor _ in range(200_000):\n    nested = [nested]\nrepr(nested)';
    const outcome = await runPython(runtime, code, { timeoutMs: 20_000 });
    expect(outcome.error?.name).toBe('RecursionError');
    expect(outcome.reusable).toBe(false);
    expect(outcome.stdout).not.toContain('Stack (most recent call first)');
  });

  it('ends deep Python recursion with a raised limit with an error', async () => {
    const code = 'import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)';
    const outcome = await runPython(runtime, code, { timeoutMs: 20_000 });
    expect(outcome.error).toMatchObject({
      name: 'RecursionError',
      message:
        'maximum recursion depth exceeded: the interpreter ran out of stack and was stopped; its state was lost. Use iteration or less deep recursion.',
    });
    expect(outcome.reusable).toBe(false);
  });

  it('caps an output flood, keeping the head and the tail', async () => {
    const outcome = await runPython(runtime, 'for i in range(200_000):\n    print(i)', {
      maxOutputChars: 2_000,
      timeoutMs: 30_000,
    });
    expect(outcome.truncated).toBe(true);
    expect(outcome.stdout.length).toBeLessThan(2_200);
    expect(outcome.stdout.startsWith('0\n1\n2\n')).toBe(true);
    expect(outcome.stdout.endsWith('199999\n')).toBe(true);
  });

  it('caps what is streamed to the host even when the program calls the output hook itself', async () => {
    const chunks: OutputChunk[] = [];
    const code =
      'import _code_interpreter_pyodide as glue\nfor _ in range(50):\n    glue._emit("stdout", "x" * 10**6)';
    await runPython(runtime, code, {
      maxOutputChars: 5_000,
      onOutput: (chunk) => chunks.push(chunk),
    });
    const streamed = chunks.reduce((total, chunk) => total + chunk.text.length, 0);
    expect(streamed).toBeLessThanOrEqual(5_000);
  });

  it('replaces invalid UTF-8 written to stdout', async () => {
    const code =
      'import os, sys\nsys.stdout.buffer.write(b"ok \\xff\\xfe end\\n")\nsys.stdout.flush()\nos.write(1, b"raw \\xc3\\x28\\n")';
    const outcome = await runPython(runtime, code);
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe('ok \ufffd\ufffd end\nraw \ufffd(\n');
  });

  it('reports sys.exit with a status as SystemExit', async () => {
    const outcome = await runPython(runtime, 'import sys\nprint("bye")\nsys.exit(3)');
    expect(outcome).toMatchObject({ stdout: 'bye\n', reusable: true });
    expect(outcome.error).toMatchObject({ name: 'SystemExit', message: '3' });
  });

  it('treats sys.exit(0) as a normal end', async () => {
    const outcome = await runPython(runtime, 'import sys\nsys.exit(0)');
    expect(outcome.error).toBeUndefined();
  });

  it('reports os._exit as SystemExit and discards the interpreter', async () => {
    const outcome = await runPython(runtime, 'import os\nprint("before")\nos._exit(5)');
    expect(outcome.error).toMatchObject({ name: 'SystemExit' });
    expect(outcome.error?.message).toMatch(/status 5/);
    expect(outcome.stdout).toBe('before\n');
    expect(outcome.reusable).toBe(false);
  });

  it('treats os._exit(0) as a normal end that discards the interpreter', async () => {
    const outcome = await runPython(runtime, 'import os\nprint("done")\nos._exit(0)');
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe('done\n');
    expect(outcome.reusable).toBe(false);
  });

  it('reports raise KeyboardInterrupt as an error of the cell', async () => {
    const outcome = await runPython(runtime, 'raise KeyboardInterrupt');
    expect(outcome.error?.name).toBe('KeyboardInterrupt');
    expect(outcome.reusable).toBe(true);
  });

  it('survives a program that closes stdout, and the next run of the session prints again', async () => {
    const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
    const request = {
      language: 'python' as const,
      timeoutMs: 5_000,
      maxOutputChars: 1_000,
      signal: new AbortController().signal,
    };
    const closed = await session.run({
      ...request,
      code: 'import sys\nsys.stdout.close()\nprint("lost")',
    });
    expect(closed.error?.name).toBe('ValueError');
    const next = await session.run({ ...request, code: 'print("back")' });
    expect(next.stdout).toBe('back\n');
    await session.dispose();
  });
});
