import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../../../../test/sandbox-runs';
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
 * folder, the random generator's seed.
 */
const dirtyRun = `
import builtins, json, math, os, random, sys, js
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
random.seed(1234)
'dirty'
`;

const inspectingRun = `
import builtins, json, math, os, random, sys, js
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
    fresh == random.Random(1234).random(),
]
`;

const cleanAnswer =
  "[False, False, '[1]', True, False, False, False, False, [False, False, False], False, False, False]";

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
        "[True, True, 'patched', False, True, True, True, True, [True, True, True], True, True, True]",
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
});
