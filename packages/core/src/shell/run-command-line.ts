import { Bash } from 'just-bash';
import { workspaceMount } from '../workspace/sandbox-path';
import type { WorkspaceFileSystem } from '../workspace/workspace-file-system';
import { type ProgramCommandsOptions, programCommands } from './program-commands';
import { ShellFileSystem } from './shell-file-system';
import type { ShellThreadRequest, ShellThreadResult } from './shell-thread-protocol';

/**
 * Most bytes of stdout and stderr together one command line may produce; the worker then keeps
 * the head and tail of each within the interpreter's output limit.
 */
export const maxShellOutputBytes = 16 * 1024 * 1024;

/**
 * The execution limits of every command line: the deadline given, and just-bash's bounds on
 * loops, commands, recursion and sizes (its `normal` profile), so a runaway script ends with an
 * error of its own before it can run on.
 */
export function shellExecutionLimits(timeoutMs: number) {
  return {
    maxExecutionTimeMs: Math.max(1, Math.floor(timeoutMs)),
    maxOutputSize: maxShellOutputBytes,
    maxFileSystemBytes: 64 * 1024 * 1024,
  };
}

/**
 * Runs one command line with just-bash over the workspace (see `createShellFileSystem`), with
 * the interpreters as commands. The shell's state (variables, functions, working directory)
 * lasts for this command line only; the workspace's files persist.
 */
export async function runCommandLine(
  request: Omit<ShellThreadRequest, 'workspace' | 'programs'>,
  files: WorkspaceFileSystem,
  programs: ProgramCommandsOptions,
  signal: AbortSignal,
): Promise<ShellThreadResult> {
  try {
    const stat = files.stat(request.cwd);
    if (stat.type !== 'directory') return cdFailure(request.cwd, 'Not a directory');
  } catch {
    return cdFailure(request.cwd, 'No such file or directory');
  }
  const deadline = performance.now() + request.timeoutMs;
  const bash = new Bash({
    fs: new ShellFileSystem(files),
    cwd: request.cwd,
    env: {
      HOME: workspaceMount,
      USER: 'user',
      LOGNAME: 'user',
      SHELL: '/bin/bash',
      LANG: 'C.UTF-8',
      TMPDIR: '/tmp',
      ...request.env,
    },
    executionLimits: shellExecutionLimits(request.timeoutMs),
    customCommands: programCommands(programs),
    // The shell runs no guest JavaScript here (just-bash's own js-exec and Python are off; our
    // interpreters run in sandboxes), and its box patches process-wide globals while active,
    // which would reach the sandboxes' own machinery (timers, WebAssembly, messages).
    defenseInDepth: false,
  });
  try {
    // In a group, an error just-bash does not expect from a command (a write refused by the
    // workspace's quota during a redirection) ends the command line with status 1 and the output
    // so far, as in a loop; at the top level it would reject instead.
    const result = await bash.exec(`{ ${request.command}\n}`, {
      stdin: request.stdin,
      stdinKind: 'bytes',
      signal,
      rawScript: true,
    });
    const ended = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
    return asStopped(ended, {
      aborted: signal.aborted,
      pastDeadline: performance.now() >= deadline,
      timeoutMs: request.timeoutMs,
    });
  } catch (error) {
    return { stdout: '', stderr: `bash: ${describe(error)}\n`, exitCode: 1 };
  }
}

/** What just-bash's loops print when they catch the stop of the command they were running. */
const caughtStop = 'execution aborted\n';

/**
 * The status of a command line that was stopped: 124 at its deadline (as `timeout(1)`), 130 when
 * aborted (SIGINT). just-bash reports a stop noticed between two commands that way, but a `for`,
 * `while` or `until` loop whose body was running a command (`sleep`, `python3`) when the stop
 * came catches it as that command's failure and ends with status 1 and "execution aborted".
 * A command line that failed after its deadline or its abort was stopped, whatever it printed;
 * one that succeeded keeps its status.
 */
export function asStopped(
  ended: ShellThreadResult,
  stop: { aborted: boolean; pastDeadline: boolean; timeoutMs: number },
): ShellThreadResult {
  if (ended.exitCode === 0 || !(stop.aborted || stop.pastDeadline)) return ended;
  const exitCode = stop.aborted ? 130 : 124;
  if (ended.exitCode === exitCode) return ended;
  const reason = stop.aborted
    ? 'bash: execution aborted\n'
    : `bash: the command line exceeded its execution deadline (${Math.floor(stop.timeoutMs)}ms)\n`;
  if (ended.stderr.endsWith(reason)) return { ...ended, exitCode };
  const stderr = ended.stderr.endsWith(caughtStop)
    ? ended.stderr.slice(0, -caughtStop.length)
    : ended.stderr;
  return { ...ended, stderr: `${stderr}${reason}`, exitCode };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function cdFailure(cwd: string, why: string): ShellThreadResult {
  return { stdout: '', stderr: `bash: cd: ${cwd}: ${why}\n`, exitCode: 1 };
}
