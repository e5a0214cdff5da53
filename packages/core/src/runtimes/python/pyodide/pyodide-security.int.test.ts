import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPython, stillAnswers } from '../../../../test/sandbox-runs';
import type { SandboxRuntime } from '../../sandbox-runtime';
import { createPyodideRuntime } from './create-pyodide-runtime';

const secretName = 'CODE_INTERPRETER_PYODIDE_TEST_SECRET';
const secretValue = `s3cret-${process.pid}-${Date.now()}`;

let runtime: SandboxRuntime;
let folder: string;
let secretFile: string;
let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  process.env[secretName] = secretValue;
  folder = mkdtempSync(join(tmpdir(), 'pyodide-security-'));
  secretFile = join(folder, 'secret.txt');
  writeFileSync(secretFile, secretValue);
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  runtime = createPyodideRuntime();
  await (await runtime.createSandbox({ memoryLimitMb: 128, stateful: false })).dispose();
});

afterAll(async () => {
  await runtime?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(folder, { recursive: true, force: true });
  delete process.env[secretName];
});

/** Fails when the secret appears in any field of the outcome: value, output, error, its stack. */
function expectNoSecret(outcome: unknown): void {
  expect(JSON.stringify(outcome)).not.toContain(secretValue);
}

afterEach(async () => {
  expect(await stillAnswers(runtime)).toBe('still here\n');
});

describe('Pyodide security: JavaScript reachable from Python is the isolate only', () => {
  it('has no process, require, module loader or host hook on the global object (import js)', async () => {
    // `fetch` exists (pyodide.http.pyfetch uses it) and reaches the host only under a network
    // policy: the network tests cover it.
    const names = [
      'process',
      'require',
      'module',
      'Buffer',
      'XMLHttpRequest',
      'WebSocket',
      'Deno',
      'Bun',
      'readbuffer',
      'read',
      'load',
      'ivm',
      '_ivm',
      '__pyodideLoader',
      '__pyodideCreateModule',
      '__codeInterpreterPyodideInstall',
    ];
    const outcome = await runPython(
      runtime,
      `import js\n[n for n in ${JSON.stringify(names)} if hasattr(js, n)]`,
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe('[]');
  });

  it('reaches only the isolate globals through a JsProxy constructor.constructor', async () => {
    const code = `import js
f = js.Object.constructor.constructor("return [typeof process, typeof require, typeof globalThis.global, typeof Buffer].join(' ')")
f()`;
    const outcome = await runPython(runtime, code);
    expect(outcome.value).toBe("'undefined undefined undefined undefined'");
  });

  it('reaches only the isolate globals through pyodide.code.run_js', async () => {
    const code = `from pyodide.code import run_js
run_js("[typeof process, typeof require, String(this === globalThis), Object.getOwnPropertyNames(globalThis).filter(n => /ivm|host|install|readbuffer/i.test(n)).join()].join(' ')")`;
    const outcome = await runPython(runtime, code);
    expect(outcome.value).toBe("'undefined undefined true '");
  });

  it('cannot mount the host file system with pyodide_js.mountNodeFS', async () => {
    const outcome = await runPython(
      runtime,
      `import pyodide_js\npyodide_js.mountNodeFS("/mnt", ${JSON.stringify(folder)})`,
    );
    expect(outcome.error).toMatchObject({
      name: 'JsException',
      message: 'Error: mountNodeFS only works in Node',
      line: 2,
    });
    expectNoSecret(outcome);
  });

  it('cannot mount the host file system with FS.mount(NODEFS)', async () => {
    const code = `import pyodide_js, os
FS = pyodide_js.FS
FS.mkdir("/host")
FS.mount(FS.filesystems.NODEFS, {"root": ${JSON.stringify(folder)}}, "/host")
open("/host/secret.txt").read()`;
    const outcome = await runPython(runtime, code);
    // The isolate has no Node fs for NODEFS to call.
    expect(outcome.error).toMatchObject({
      name: 'JsException',
      message: "TypeError: Cannot read properties of undefined (reading 'lstatSync')",
      line: 4,
    });
    expect(outcome.value).toBeUndefined();
    expectNoSecret(outcome);
  });

  it('cannot load packages from the network or the host', async () => {
    const outcome = await runPython(
      runtime,
      'import pyodide_js\nawait pyodide_js.loadPackage("numpy")\nimport numpy',
    );
    expect(outcome.error?.name).toBe('ModuleNotFoundError');
  });

  it('a missing package says this Python has the standard library only, and what has more', async () => {
    const outcome = await runPython(runtime, 'import numpy');
    expect(outcome.error?.name).toBe('ModuleNotFoundError');
    expect(outcome.error?.message).toMatch(
      /^No module named 'numpy' \(this Python runs in Pyodide with the standard library only.*python: 'native'\)$/,
    );
  });
});

describe('Pyodide security: the sandbox sees nothing of the host', () => {
  it('cannot read a file the host wrote', async () => {
    const outcome = await runPython(runtime, `open(${JSON.stringify(secretFile)}).read()`);
    expect(outcome.error).toMatchObject({
      name: 'FileNotFoundError',
      message: `[Errno 44] No such file or directory: '${secretFile}'`,
      line: 1,
    });
    expectNoSecret(outcome);
  });

  it('does not see the host environment', async () => {
    const outcome = await runPython(
      runtime,
      `import os\n[os.environ.get(${JSON.stringify(secretName)}), len([v for v in os.environ.values() if ${JSON.stringify(secretValue)} in v])]`,
    );
    expect(outcome.value).toBe('[None, 0]');
    expectNoSecret(outcome);
  });

  it('cannot connect to a TCP server on the host loopback', async () => {
    const code = `import socket
try:
    socket.create_connection(("127.0.0.1", ${port}), timeout=2).close()
    print("connected")
except OSError as e:
    print("refused", type(e).__name__, e)`;
    const outcome = await runPython(runtime, code);
    expect(outcome.stdout).toBe('refused OSError [Errno 23] Host is unreachable\n');
    expect(connections).toBe(0);
  });

  it('walks object subclasses to os.system, which runs nothing on the host', async () => {
    const marker = join(folder, 'subclasses-walk');
    const code = `w = [c for c in ().__class__.__bases__[0].__subclasses__() if c.__name__ == "_wrap_close"][0]
w.__init__.__globals__["system"]("touch ${marker}")`;
    const outcome = await runPython(runtime, code);
    // os.system has no shell to start here: it returns -1.
    expect(outcome).toMatchObject({ value: '-1', stdout: '', stderr: '' });
    expect(outcome.error).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });

  it('walks frames to __builtins__, which leads nowhere outside the sandbox', async () => {
    const marker = join(folder, 'frame-walk');
    const code = `def gen():
    yield
g = gen()
frame = g.gi_frame
builtins = frame.f_globals["__builtins__"]
builtins = builtins if isinstance(builtins, dict) else builtins.__dict__
try:
    raise ValueError
except ValueError as e:
    tb_globals = e.__traceback__.tb_frame.f_globals
builtins["__import__"]("os").system("touch ${marker}")`;
    const outcome = await runPython(runtime, code);
    expect(outcome).toMatchObject({ value: '-1', stdout: '', stderr: '' });
    expect(outcome.error).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    [
      'subprocess',
      'import subprocess\nsubprocess.run(["id"])',
      { name: 'OSError', message: '[Errno 138] emscripten does not support processes.' },
    ],
    [
      'os.fork',
      'import os\nos.fork()',
      { name: 'OSError', message: '[Errno 52] Function not implemented' },
    ],
    [
      'multiprocessing',
      'import multiprocessing\nmultiprocessing.Process(target=print).start()',
      {
        name: 'ModuleNotFoundError',
        message: expect.stringMatching(
          /^No module named '_multiprocessing' \(this Python runs in Pyodide/,
        ),
      },
    ],
    [
      'a thread',
      'import threading\nthreading.Thread(target=print).start()',
      { name: 'RuntimeError', message: "can't start new thread" },
    ],
  ])('cannot start processes or threads (%s)', async (_name, code, error) => {
    const outcome = await runPython(runtime, code);
    expect(outcome.error).toMatchObject({ ...error, line: 2 });
    expect(outcome.reusable).toBe(true);
  });

  it('keeps ctypes inside the WebAssembly sandbox', async () => {
    const outcome = await runPython(
      runtime,
      'import ctypes\nlibc = ctypes.CDLL(None)\nlibc.getpid()',
    );
    // Emscripten's getpid() is a constant: there is no host process to reach.
    expect(outcome.value).toBe('42');
  });

  it('gives each sandbox its own random stream (os.urandom, secrets)', async () => {
    const code = 'import os, secrets\n[os.urandom(8).hex(), secrets.token_hex(8)]';
    const first = await runPython(runtime, code);
    const second = await runPython(runtime, code);
    expect(first.value).toMatch(/^\['[0-9a-f]{16}', '[0-9a-f]{16}'\]$/);
    expect(first.value).not.toBe(second.value);
  });
});
