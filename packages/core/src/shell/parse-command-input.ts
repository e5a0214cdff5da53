import { posix } from 'node:path';
import { type InputIssue, InvalidInputError } from '../errors/invalid-input-error';
import { workspaceMount } from '../workspace/sandbox-path';

/** A checked command line, with defaults and the interpreter's caps applied. */
export interface ParsedCommandInput {
  command: string;
  cwd: string;
  env: Record<string, string>;
  stdin: Uint8Array;
  timeoutMs: number;
}

/** Longest command line accepted, in characters. */
export const maxCommandChars = 100_000;
/** Most bytes of stdin accepted. */
export const maxCommandStdinBytes = 16 * 1024 * 1024;
/** Shortest time limit accepted, in ms. */
const minTimeoutMs = 100;

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks `session.exec`'s input; throws `InvalidInputError` naming each problem and what to send
 * instead (a model that asked for too much learns the limit).
 */
export function parseCommandInput(
  input: unknown,
  limits: { defaultTimeoutMs: number; maxTimeoutMs: number },
): ParsedCommandInput {
  const issues: InputIssue[] = [];
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  if (typeof input !== 'object' || input === null) {
    throw new InvalidInputError({
      issues: [{ path: '', message: 'send an object such as { command: "ls -la" }' }],
    });
  }
  const { command, cwd, env, stdin, timeoutMs } = record;
  if (typeof command !== 'string' || command.trim() === '') {
    issues.push({ path: 'command', message: 'send the bash command line to run, e.g. "ls -la"' });
  } else if (command.length > maxCommandChars) {
    issues.push({ path: 'command', message: `at most ${maxCommandChars} characters` });
  } else if (command.includes('\u0000')) {
    issues.push({ path: 'command', message: 'may not contain a NUL character' });
  }
  let directory = workspaceMount;
  if (cwd !== undefined) {
    if (typeof cwd !== 'string' || cwd === '' || cwd.includes('\u0000')) {
      issues.push({
        path: 'cwd',
        message: 'a folder path under /workspace, e.g. "/workspace/data"',
      });
    } else {
      directory = posix.resolve(workspaceMount, cwd);
      if (directory !== workspaceMount && !directory.startsWith(`${workspaceMount}/`)) {
        issues.push({ path: 'cwd', message: `must be ${workspaceMount} or a folder below it` });
      }
    }
  }
  const environment: Record<string, string> = {};
  if (env !== undefined) {
    if (typeof env !== 'object' || env === null || Array.isArray(env)) {
      issues.push({ path: 'env', message: 'an object of variable names to string values' });
    } else {
      for (const [name, value] of Object.entries(env)) {
        if (!envName.test(name)) {
          issues.push({ path: `env.${name}`, message: 'a name of letters, digits and _' });
        } else if (typeof value !== 'string' || value.includes('\u0000')) {
          issues.push({ path: `env.${name}`, message: 'a string without NUL characters' });
        } else {
          environment[name] = value;
        }
      }
    }
  }
  let input_ = new Uint8Array(0);
  if (typeof stdin === 'string') input_ = new TextEncoder().encode(stdin);
  else if (stdin instanceof Uint8Array) input_ = new Uint8Array(stdin);
  else if (stdin !== undefined) issues.push({ path: 'stdin', message: 'a string or a Uint8Array' });
  if (input_.byteLength > maxCommandStdinBytes) {
    issues.push({ path: 'stdin', message: `at most ${maxCommandStdinBytes} bytes` });
  }
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' ||
      !Number.isFinite(timeoutMs) ||
      timeoutMs < minTimeoutMs ||
      timeoutMs > limits.maxTimeoutMs)
  ) {
    issues.push({
      path: 'timeoutMs',
      message: `between ${minTimeoutMs} and ${limits.maxTimeoutMs} ms here (asked for ${String(timeoutMs)}); send none for the default ${limits.defaultTimeoutMs} ms`,
    });
  }
  if (issues.length > 0) throw new InvalidInputError({ issues });
  return {
    command: command as string,
    cwd: directory,
    env: environment,
    stdin: input_,
    timeoutMs: Math.floor((timeoutMs as number | undefined) ?? limits.defaultTimeoutMs),
  };
}
