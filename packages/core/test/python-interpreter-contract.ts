import type { ContractPrograms } from './interpreter-contract-suite';

/** The interpreter contract's programs in Python, for the Pyodide and native runtimes. */
export const pythonContractPrograms: ContractPrograms = {
  notebook: {
    code: 'import sys\nprint("hello")\nprint("careful", file=sys.stderr)\n[n * 21 for n in (1, 2)]',
    value: '[21, 42]',
  },
  errorOnLine3: {
    code: 'a = 1\nb = None\nb.c',
    name: 'AttributeError',
    error: "AttributeError: 'NoneType' object has no attribute 'c' (line 3)",
  },
  setSecret: (text) => `secret = ${JSON.stringify(text)}`,
  showSecret: "globals().get('secret', 'missing')",
  rendered: (text) => `'${text}'`,
  spin: 'while True:\n    pass',
  printThenSpin: 'print("one")\nwhile True:\n    pass',
  oneThenTwo: 'import sys, time\nprint("one")\ntime.sleep(0.05)\nprint("two", file=sys.stderr)',
  waitFiveSeconds: 'import time\nprint("waiting")\ntime.sleep(5)',
  workspace: {
    writeFile: (path, text) =>
      `import os\nos.makedirs(os.path.dirname(${JSON.stringify(path)}) or '.', exist_ok=True)\nwith open(${JSON.stringify(path)}, 'w', encoding='utf-8') as f:\n    f.write(${JSON.stringify(text)})`,
    printFile: (path) => `print(open(${JSON.stringify(path)}, encoding='utf-8').read())`,
    removeFile: (path) => `import os\nos.remove(${JSON.stringify(path)})`,
    printWorkingDirectory: 'import os\nprint(os.getcwd())',
    openAndKeep: (path) => `kept = open(${JSON.stringify(path)}, 'w', encoding='utf-8')`,
    writeKeptAndClose: (text) => `kept.write(${JSON.stringify(text)})\nkept.close()`,
    writeThenSpin: (path, text) =>
      `with open(${JSON.stringify(path)}, 'w', encoding='utf-8') as f:\n    f.write(${JSON.stringify(text)})\nwhile True:\n    pass`,
  },
};
