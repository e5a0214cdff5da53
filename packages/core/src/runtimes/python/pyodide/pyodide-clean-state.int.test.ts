import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython, sandboxRequest } from '../../../../test/sandbox-runs';
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

/**
 * A run that changes everything a later run could see: globals, builtins, imported and patched
 * modules (Python and the JavaScript side), sys.path, the environment, files in every writable
 * folder, the random generator's seed, the isolate's JavaScript realm (a global, a builtin
 * prototype, a builtin namespace) and Pyodide's own JavaScript objects (its Emscripten module and
 * file system), all reachable from Python through \`import js\` and \`import pyodide_js\`.
 */
const dirtyRun = `
import builtins, json, math, os, random, sys, js, pyodide_js
secret = 'left behind'
builtins.leaked_builtin = 'left behind'
json.dumps = lambda *args, **kwargs: 'patched'
math.pi = 3
sys.modules['leaked_module'] = object()
sys.path.insert(0, '/tmp/leaked-path')
os.environ['LEAKED'] = '1'
for folder in ('/tmp', '/home/pyodide', '/lib/code-interpreter'):
    with open(folder + '/leaked.txt', 'w') as f:
        f.write('left behind')
with open('/home/pyodide/leaked_import.py', 'w') as f:
    f.write('value = 1')
os.chdir('/home/pyodide')
import leaked_import
js.leakedGlobal = 'left behind'
js.Object.prototype.leakedProto = 'left behind'
js.JSON.leakedJson = 'left behind'
pyodide_js._module.leakedModule = 'left behind'
pyodide_js.FS.leakedFs = 'left behind'
random.seed(1234)
'dirty'
`;

const inspectingRun = `
import builtins, json, math, os, random, sys, js, pyodide_js
fresh = random.random()
[
    'secret' in globals(),
    hasattr(builtins, 'leaked_builtin'),
    json.dumps([1]),
    math.pi == 3.141592653589793,
    'leaked_module' in sys.modules,
    'leaked_import' in sys.modules,
    '/tmp/leaked-path' in sys.path,
    'LEAKED' in os.environ,
    [os.path.exists(folder + '/leaked.txt') for folder in ('/tmp', '/home/pyodide', '/lib/code-interpreter')],
    os.path.exists('/home/pyodide/leaked_import.py'),
    hasattr(js, 'leakedGlobal'),
    [hasattr(js.Object.prototype, 'leakedProto'), hasattr(js.JSON, 'leakedJson'), hasattr(pyodide_js._module, 'leakedModule'), hasattr(pyodide_js.FS, 'leakedFs')],
    fresh == random.Random(1234).random(),
]
`;

const cleanAnswer =
  "[False, False, '[1]', True, False, False, False, False, [False, False, False], False, False, [False, False, False, False], False]";

describe('Pyodide stateless runs start from a clean interpreter', () => {
  it('the run after one that changed globals, modules, files and the random seed sees none of it', async () => {
    const dirty = await runPython(runtime, dirtyRun);
    expect(dirty.error).toBeUndefined();
    expect(dirty.value).toBe("'dirty'");
    // The same inspection inside the dirty sandbox sees every change: the checks can fail.
    const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
    try {
      const request = (code: string) => ({
        language: 'python' as const,
        code,
        timeoutMs: 10_000,
        maxOutputChars: 10_000,
        signal: new AbortController().signal,
      });
      expect((await session.run(request(dirtyRun))).error).toBeUndefined();
      expect((await session.run(request(inspectingRun))).value).toBe(
        "[True, True, 'patched', False, True, True, True, True, [True, True, True], True, True, [True, True, True, True], True]",
      );
    } finally {
      await session.dispose();
    }
    for (let index = 0; index < 3; index++) {
      const next = await runPython(runtime, inspectingRun);
      expect(next.error).toBeUndefined();
      expect(next.value).toBe(cleanAnswer);
    }
  });

  it('two fresh sandboxes draw different numbers from random and from os.urandom (each is reseeded after the snapshot)', async () => {
    const twice = async (code: string) => {
      const first = await runPython(runtime, code);
      const second = await runPython(runtime, code);
      expect(first.error).toBeUndefined();
      return [first.value, second.value] as const;
    };
    const [random1, random2] = await twice('import random\nrandom.random()');
    expect(random1).toMatch(/^0\.\d+$/);
    expect(random2).not.toBe(random1);
    const [urandom1, urandom2] = await twice('import os\nos.urandom(8).hex()');
    expect(urandom1).toMatch(/^'[0-9a-f]{16}'$/);
    expect(urandom2).not.toBe(urandom1);
  });

  it('work a run leaves pending (an asyncio task, a call_later, a JavaScript timer) never runs in a later run', async () => {
    const schedule = `
import asyncio, builtins, js
from pyodide.ffi import create_proxy
async def late():
    await asyncio.sleep(0.2)
    builtins.late_task = True
    js.lateTask = True
asyncio.ensure_future(late())
asyncio.get_event_loop().call_later(0.2, lambda: setattr(builtins, 'late_call', True))
js.setTimeout(create_proxy(lambda: setattr(builtins, 'late_js_timer', True)), 200)
'scheduled'
`;
    const inspect = `
import builtins, js
[hasattr(builtins, 'late_task'), hasattr(js, 'lateTask'), hasattr(builtins, 'late_call'), hasattr(builtins, 'late_js_timer')]
`;
    // In a session the same work does run once the next run gives it time: the checks can fail.
    const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
    try {
      const request = (code: string) => sandboxRequest('python', code);
      expect((await session.run(request(schedule))).value).toBe("'scheduled'");
      await session.run(request('import asyncio\nawait asyncio.sleep(0.4)'));
      expect((await session.run(request(inspect))).value).toBe('[True, True, True, True]');
    } finally {
      await session.dispose();
    }
    expect((await runPython(runtime, schedule)).value).toBe("'scheduled'");
    await new Promise((resolve) => setTimeout(resolve, 400));
    const next = await runPython(runtime, `import asyncio\nawait asyncio.sleep(0.4)\n${inspect}`);
    expect(next.error).toBeUndefined();
    expect(next.value).toBe('[False, False, False, False]');
  });

  it('a run that timed out, crashed or hit its memory limit after changing state leaves nothing to the next run', async () => {
    const dirty =
      "import builtins, js\nbuiltins.stopped_run = True\njs.stoppedRun = True\nopen('/tmp/stopped.txt', 'w').write('x')\n";
    const inspect =
      "import builtins, js, os\n[hasattr(builtins, 'stopped_run'), hasattr(js, 'stoppedRun'), os.path.exists('/tmp/stopped.txt')]";
    const stoppers: [string, string, { timeoutMs?: number }][] = [
      ['timeout', 'while True:\n    pass', { timeoutMs: 1_000 }],
      ['crash', 'import os\nos._exit(3)', {}],
      ['memory', 'hog = []\nwhile True:\n    hog.append(bytearray(8 * 2**20))', {}],
      ['recursion', 'def f():\n    return f()\nf()', {}],
    ];
    for (const [, stopper, options] of stoppers) {
      const stopped = await runPython(runtime, `${dirty}${stopper}`, options);
      expect(stopped.error).toBeDefined();
      const next = await runPython(runtime, inspect);
      expect(next.error).toBeUndefined();
      expect(next.value).toBe('[False, False, False]');
    }
  });

  it('memory a run leaks (Python objects, JavaScript buffers) is not held by the next run', async () => {
    const baseline = await runPython(runtime, 'None');
    expect(baseline.memoryUsedMb).toBeGreaterThan(0);
    const leak = await runPython(
      runtime,
      'import builtins, js\nbuiltins.hog = bytearray(40 * 2**20)\njs.hog = js.ArrayBuffer.new(20 * 2**20)\nlen(builtins.hog)',
    );
    expect(leak.error).toBeUndefined();
    expect(leak.memoryUsedMb).toBeGreaterThan((baseline.memoryUsedMb ?? 0) + 50);
    const next = await runPython(runtime, 'None');
    expect(next.memoryUsedMb).toBeLessThan((baseline.memoryUsedMb ?? 0) + 10);
  });
});
