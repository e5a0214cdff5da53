import {
  type CodeInterpreter,
  createCodeInterpreter,
  escapeControlCharacters,
} from '@code-interpreter/core';
import type { CodeOptions } from './parse-cli-arguments';

/** An interpreter sized for one command-line user: one worker, no warm pool to pay for. */
export function createCliInterpreter(options: CodeOptions): CodeInterpreter {
  return createCodeInterpreter({
    python: options.python,
    workers: 1,
    warmSandboxes: { javascript: 0, python: 0 },
    // Worker logs can quote what a sandbox wrote: escaped like program output, even with --raw.
    onLog: (level, message) => {
      if (level === 'warn' || level === 'error')
        process.stderr.write(`[code-interpreter] ${escapeControlCharacters(message)}\n`);
    },
  });
}
