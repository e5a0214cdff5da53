import type { ConformancePrograms } from './sandbox-runtime-conformance';

/** The conformance programs in Python, shared by the Pyodide and native runtimes. */
export const pythonConformancePrograms: ConformancePrograms = {
  printThenValue: "print('hello')\n6 * 7",
  errorOnLine3: { code: 'a = 1\nb = a + 1\nraise ValueError("bad")', name: 'ValueError' },
  defineKept: 'kept = 41',
  readKept: 'kept + 1',
  missingName: 'NameError',
  spinForever: 'while True:\n    pass',
  printThenSpin: "print('started')\nwhile True:\n    pass",
  floodThenEnd: "for i in range(100):\n    print('x' * 1000)\nprint('END')",
};
