import type { CodeInterpreter } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import {
  createDeepAgent,
  type FileOperationError,
  type SandboxBackendProtocolV2,
} from 'deepagents';
import { describe, expectTypeOf, it } from 'vitest';
import {
  CodeInterpreterSandbox,
  type CodeInterpreterSandboxUploadResponse,
} from './code-interpreter-sandbox';
import type { CodeInterpreterSandboxOptions } from './code-interpreter-sandbox-options';

// The sandbox's public types checked against the installed deepagents: a release that changes
// SandboxBackendProtocolV2 or createDeepAgent's backend fails here first.
describe('CodeInterpreterSandbox types', () => {
  const sandbox = new CodeInterpreterSandbox({ interpreter: new MockCodeInterpreter() });

  it('is a deepagents SandboxBackendProtocolV2 that createDeepAgent takes as its backend', () => {
    expectTypeOf(sandbox).toExtend<SandboxBackendProtocolV2>();
    createDeepAgent({ model: 'openai:gpt-5', backend: sandbox });
    createDeepAgent({ model: 'openai:gpt-5', backend: () => sandbox });
  });

  it('has the lifecycle the standard tests use', () => {
    expectTypeOf(
      CodeInterpreterSandbox.create,
    ).returns.resolves.toEqualTypeOf<CodeInterpreterSandbox>();
    expectTypeOf(sandbox.initialize).returns.resolves.toBeVoid();
    expectTypeOf(sandbox.isRunning).toBeBoolean();
    expectTypeOf(sandbox.id).toBeString();
    expectTypeOf(sandbox.close).returns.resolves.toBeVoid();
    expectTypeOf(sandbox).toExtend<AsyncDisposable>();
  });

  it('answers deepagents per-file error codes, with a message beside them', () => {
    expectTypeOf<
      CodeInterpreterSandboxUploadResponse['error']
    >().toEqualTypeOf<FileOperationError | null>();
    expectTypeOf<CodeInterpreterSandboxUploadResponse['message']>().toEqualTypeOf<
      string | undefined
    >();
  });

  it('takes the interpreter options, a shared interpreter and initial text or bytes', () => {
    expectTypeOf<CodeInterpreterSandboxOptions['interpreter']>().toEqualTypeOf<
      CodeInterpreter | undefined
    >();
    expectTypeOf<{
      python: 'native';
      initialFiles: { 'a.txt': 'x'; 'b.bin': Uint8Array };
    }>().toExtend<CodeInterpreterSandboxOptions>();
  });
});
