import type { WorkspaceOptions } from '../workspace/workspace-options';
import type {
  CodeInterpreterOptions,
  NativePythonOptions,
  SessionOptions,
} from './code-interpreter-options';

/** Every option of `createCodeInterpreter` (the type makes this list complete). */
export const knownInterpreterOptions: Readonly<Record<keyof CodeInterpreterOptions, true>> = {
  languages: true,
  python: true,
  pythonNative: true,
  maxTimeoutMs: true,
  defaultTimeoutMs: true,
  maxMemoryLimitMb: true,
  defaultMemoryLimitMb: true,
  maxOutputChars: true,
  workers: true,
  sessionsPerWorker: true,
  warmSandboxes: true,
  workerIsolation: true,
  prewarm: true,
  workspace: true,
  tools: true,
  toolLimits: true,
  network: true,
  onLog: true,
};

/** Every option of `workspace`. */
export const knownWorkspaceOptions: Readonly<Record<keyof WorkspaceOptions, true>> = {
  root: true,
  maxBytes: true,
  maxFiles: true,
  maxFileBytes: true,
  maxDepth: true,
  maxReturnedBytes: true,
};

/** Every option of `pythonNative`. */
export const knownNativePythonOptions: Readonly<Record<keyof NativePythonOptions, true>> = {
  pythonPath: true,
  bwrapPath: true,
  maxProcesses: true,
  maxFileSizeMb: true,
  tmpSizeMb: true,
};

/** Every key of `warmSandboxes`. */
export const knownWarmSandboxOptions: Readonly<
  Record<keyof NonNullable<CodeInterpreterOptions['warmSandboxes']>, true>
> = { javascript: true, python: true };

/** Every option of `createSession`. */
export const knownSessionOptions: Readonly<Record<keyof SessionOptions, true>> = {
  memoryLimitMb: true,
  tools: true,
  network: true,
};
