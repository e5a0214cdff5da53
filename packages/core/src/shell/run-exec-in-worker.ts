import { capText } from '../result/cap-text';
import type { RuntimeId, SandboxRunOutcome, SandboxRunRequest } from '../runtimes/sandbox-runtime';
import type { SandboxToolBridge } from '../tools/sandbox-tool-bridge';
import { noticeIfStillRunning } from '../worker/started-notice';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../worker/worker-protocol';
import { collectWorkspaceChanges, scanBeforeRun } from '../workspace/collect-workspace-changes';
import { RunWorkspace } from '../workspace/run-workspace';
import type { ResolvedWorkspaceLimits } from '../workspace/workspace-limits';
import type { ShellProgram } from './program-commands';
import type { ShellProgramOutcome } from './program-exit';
import type { ShellThreads } from './shell-threads';

type ExecMessage = Extract<HostToWorkerMessage, { kind: 'exec' }>;

/** What `runExecInWorker` needs from the worker that received the command line. */
export interface ExecInWorker {
  threads: ShellThreads;
  /** The interpreter's workspace limits. */
  limits: ResolvedWorkspaceLimits;
  /** Who the entries the command line makes are given to (see `WorkerSettings.workspaces`). */
  owner?: { uid: number; gid: number };
  /** Runs one program in a fresh stateless sandbox of `runtime` (taken from the warm pool). */
  runProgram(
    runtime: RuntimeId,
    memoryLimitMb: number,
    request: SandboxRunRequest,
  ): Promise<SandboxRunOutcome>;
  send(message: WorkerToHostMessage): void;
  signal: AbortSignal;
  /** The session's tools and network for the command line's programs (absent: none). */
  tools?: SandboxToolBridge;
}

/**
 * Runs one `exec` message: the command line on a shell thread over the session's workspace, its
 * programs in fresh stateless sandboxes sharing that workspace and the command line's deadline,
 * then the workspace's changes listed, the output capped, and the answer sent.
 */
export async function runExecInWorker(message: ExecMessage, worker: ExecInWorker): Promise<void> {
  const startedAt = performance.now();
  const deadline = startedAt + message.timeoutMs;
  const workspace = new RunWorkspace(message.workspace.folder, worker.limits, true, worker.owner);
  const before = scanBeforeRun(workspace);
  const notice = noticeIfStillRunning((sent) => worker.send(sent), message.runId, startedAt);
  const runProgram = async (
    program: ShellProgram,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<ShellProgramOutcome> => {
    const runtime: RuntimeId | undefined =
      program.language === 'python' ? message.programs.python : 'javascript';
    if (!runtime) {
      return {
        stdout: '',
        stderr: '',
        timedOut: false,
        error: { name: 'Error', message: `${program.language} is not enabled` },
      };
    }
    try {
      const outcome = await worker.runProgram(runtime, message.memoryLimitMb, {
        language: program.language,
        code: program.code,
        timeoutMs,
        maxOutputChars: message.maxOutputChars,
        signal,
        workspace,
        ...(worker.tools ? { tools: worker.tools } : {}),
      });
      // A thread still runs the program's code: the supervisor retires this process.
      if (outcome.runaway) worker.send({ kind: 'stuck', runId: message.runId, reason: 'memory' });
      return outcome;
    } catch (error) {
      return {
        stdout: '',
        stderr: '',
        timedOut: false,
        error: {
          name: 'SandboxCrashedError',
          message: `The sandbox could not run the program: ${error instanceof Error ? error.message : String(error)}`,
        },
      };
    } finally {
      // Descriptors the program left open are closed, and the usage it changed is measured anew.
      workspace.endRun();
    }
  };
  let outcome: Awaited<ReturnType<ShellThreads['run']>>;
  try {
    outcome = await worker.threads.run({
      request: {
        command: message.command,
        cwd: message.cwd,
        env: message.env,
        stdin: Buffer.from(message.stdin).toString('latin1'),
        timeoutMs: message.timeoutMs,
        workspace: {
          folder: workspace.folder(),
          limits: worker.limits,
          ...(worker.owner ? { owner: worker.owner } : {}),
        },
        programs: {
          ...(message.programs.python
            ? { python: message.programs.python === 'python-native' ? 'native' : 'pyodide' }
            : {}),
          javascript: message.programs.javascript,
          typescript: message.programs.typescript,
        },
      },
      heapMb: message.memoryLimitMb,
      deadline,
      signal: worker.signal,
      runProgram,
    });
  } finally {
    clearTimeout(notice);
    workspace.endRun();
  }
  const stdout = capText(outcome.stdout, message.maxOutputChars);
  const stderr = capText(outcome.stderr, message.maxOutputChars);
  const files = collectWorkspaceChanges(workspace, before, {
    returnContents: false,
    maxReturnedBytes: 0,
  });
  if (message.stream) {
    // just-bash hands a command's output over when the command line ends.
    if (stdout.text)
      worker.send({ kind: 'output', runId: message.runId, stream: 'stdout', text: stdout.text });
    if (stderr.text)
      worker.send({ kind: 'output', runId: message.runId, stream: 'stderr', text: stderr.text });
  }
  worker.send({
    kind: 'exec-result',
    runId: message.runId,
    outcome: {
      stdout: stdout.text,
      stderr: stderr.text,
      exitCode: outcome.exitCode,
      truncated: stdout.cut || stderr.cut,
      timedOut: outcome.timedOut,
      ...(files.length > 0 ? { files } : {}),
    },
  });
}
