import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createCodeInterpreter } from '@code-interpreter/core';

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * An interpreter whose Python is native CPython under bubblewrap when this machine can run it
 * (Linux with bwrap and /usr/bin/python3: numpy, matplotlib, charts), else Pyodide (standard
 * library, works everywhere). `CODE_INTERPRETER_PYTHON=native|pyodide` forces a choice.
 * Returns the interpreter, whether its Python is native, and a sentence saying which and why.
 */
export async function createDemoInterpreter(env = process.env) {
  const options = { prewarm: true, maxTimeoutMs: 20_000, defaultTimeoutMs: 10_000 };
  const forced = env.CODE_INTERPRETER_PYTHON;
  const nativePossible =
    process.platform === 'linux' &&
    executable('/usr/bin/python3') &&
    (env.PATH ?? '').split(delimiter).some((folder) => folder && executable(join(folder, 'bwrap')));

  if (forced === 'native' || (forced !== 'pyodide' && nativePossible)) {
    const interpreter = createCodeInterpreter({ ...options, python: 'native' });
    // A first run proves the sandbox works here (containers may forbid bubblewrap's namespaces).
    const probe = await interpreter
      .run({ language: 'python', code: 'import sys\nsys.version_info[0]' })
      .catch((error) => ({ success: false, error: error.message }));
    if (probe.success) {
      return {
        interpreter,
        native: true,
        python: 'native CPython under bubblewrap (numpy, matplotlib: charts)',
      };
    }
    await interpreter.close();
    if (forced === 'native') throw new Error(`Native Python does not work here: ${probe.error}`);
    return {
      interpreter: createCodeInterpreter({ ...options, python: 'pyodide' }),
      native: false,
      python: `Pyodide (standard library; native Python failed here: ${probe.error})`,
    };
  }
  return {
    interpreter: createCodeInterpreter({ ...options, python: 'pyodide' }),
    native: false,
    python: nativePossible
      ? 'Pyodide (standard library), as CODE_INTERPRETER_PYTHON asks'
      : 'Pyodide (standard library; native Python with charts needs Linux, bubblewrap and python3)',
  };
}
