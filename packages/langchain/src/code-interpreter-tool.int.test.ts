import { createCodeInterpreter } from '@code-interpreter/core';
import { codeInterpreterToolSuite } from './test-support/code-interpreter-tool-suite';

codeInterpreterToolSuite('local', () => createCodeInterpreter({ workers: 1, prewarm: true }));
