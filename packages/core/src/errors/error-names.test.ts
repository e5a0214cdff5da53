import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corePackageRoot } from '../package-files';
import { CodeInterpreterError } from './code-interpreter-error';
import { InterpreterClosedError } from './interpreter-closed-error';
import { InvalidInputError } from './invalid-input-error';
import { RunAbortedError } from './run-aborted-error';
import { RuntimeUnavailableError } from './runtime-unavailable-error';
import { SandboxError } from './sandbox-error';
import { WorkspaceError } from './workspace-error';

const thrown: Array<[string, string, CodeInterpreterError]> = [
  ['InvalidInputError', 'CodeInterpreterInvalidInputError', new InvalidInputError({ issues: [] })],
  ['InterpreterClosedError', 'CodeInterpreterClosedError', new InterpreterClosedError()],
  [
    'RuntimeUnavailableError',
    'CodeInterpreterRuntimeUnavailableError',
    new RuntimeUnavailableError({ runtime: 'node', message: 'm' }),
  ],
  ['SandboxError', 'CodeInterpreterSandboxError', new SandboxError({ message: 'm' })],
  ['RunAbortedError', 'CodeInterpreterRunAbortedError', new RunAbortedError()],
  [
    'WorkspaceError',
    'CodeInterpreterWorkspaceError',
    new WorkspaceError({ code: 'ENOENT', syscall: 'open', detail: 'no such file or directory' }),
  ],
];

describe('the names of thrown errors', () => {
  it.for(thrown)('%s is named %s, as the READMEs say', ([className, name, error]) => {
    expect(error.name).toBe(name);
    expect(CodeInterpreterError.isInstance(error)).toBe(true);
    for (const readme of ['README.md', '../../README.md']) {
      const text = readFileSync(`${corePackageRoot()}/${readme}`, 'utf8');
      expect(text, readme).toContain(`| \`${className}\` | \`${error.name}\` |`);
    }
  });
});
