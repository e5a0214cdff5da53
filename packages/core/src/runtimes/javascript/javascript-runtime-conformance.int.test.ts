import { sandboxRuntimeConformance } from '../../../test/sandbox-runtime-conformance';
import { createJavaScriptRuntime } from './create-javascript-runtime';

sandboxRuntimeConformance({
  name: 'JavaScript',
  create: () => createJavaScriptRuntime(),
  language: 'javascript',
  programs: {
    printThenValue: "console.log('hello');\n6 * 7",
    errorOnLine3: { code: 'const a = 1;\nconst b = a + 1;\nnull.missing;', name: 'TypeError' },
    defineKept: 'var kept = 41;',
    readKept: 'kept + 1',
    missingName: 'ReferenceError',
    spinForever: 'while (true) {}',
    printThenSpin: "console.log('started');\nwhile (true) {}",
    floodThenEnd:
      "for (let i = 0; i < 100; i++) console.log('x'.repeat(1000));\nconsole.log('END');",
  },
});
