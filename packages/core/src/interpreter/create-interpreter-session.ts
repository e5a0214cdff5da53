import { InterpreterClosedError } from '../errors/interpreter-closed-error';
import { RunAbortedError } from '../errors/run-aborted-error';
import type { ResolvedNetworkPolicy } from '../network/network-policy';
import type { ExecutionResult } from '../result/execution-result';
import type { CommandOptions, CommandResult } from '../shell/command';
import type { SandboxTools } from '../tools/sandbox-tool';
import type { SessionWorkerPool } from '../worker/session-worker-pool';
import type { WorkerProcess } from '../worker/worker-process';
import type { WorkspaceFileSystem } from '../workspace/workspace-file-system';
import { createWorkspaceFiles } from '../workspace/workspace-files';
import type { CodeInterpreterSession } from './code-interpreter';
import type { RunOptions } from './code-interpreter-options';

/** The session a run belongs to, as `ExecuteRun` sees it. */
export interface SessionRunContext {
  id: string;
  memoryLimitMb: number;
  /** The session's workspace folder on the host. */
  workspaceFolder: string;
  /** The session's tools (`SessionOptions.tools`), which its runs' own add to. */
  tools?: SandboxTools;
  /** The session's network policy (`SessionOptions.network`), narrowing the interpreter's. */
  network?: ResolvedNetworkPolicy;
  /** Set by `ExecuteRun` when the run ended the session's state (also when it then throws). */
  stateLost?: boolean;
}

/** Runs one input on the worker `worker()` picks, as `createCodeInterpreter`'s runs do. */
export type ExecuteRun = (
  input: unknown,
  runOptions: RunOptions,
  worker: () => WorkerProcess,
  /** Absent for a stateless run. */
  session?: SessionRunContext,
) => Promise<ExecutionResult>;

/**
 * Runs one shell command line of a session on its worker, as `createCodeInterpreter`'s sessions
 * do. `stateLost` is set when the worker died under it (the session's state with it).
 */
export type ExecuteCommand = (
  input: unknown,
  options: CommandOptions,
  worker: () => WorkerProcess,
  session: SessionRunContext,
) => Promise<CommandResult>;

/**
 * A session: runs one at a time, in order, on the worker process that holds its state (placed by
 * `workers` at the first run). When that process is gone by the next run, the run goes to a fresh
 * sandbox and its result says the state was lost (`sessionReset`), typed and in the model's text,
 * instead of failing later with a bare `NameError`.
 */
export function createInterpreterSession(options: {
  id: string;
  memoryLimitMb: number;
  /** The session's tools, merged over the interpreter's. */
  tools?: SandboxTools;
  /** The session's network policy. */
  network?: ResolvedNetworkPolicy;
  workers: SessionWorkerPool;
  execute: ExecuteRun;
  executeCommand: ExecuteCommand;
  /** The session's workspace folder (made by the caller) and the application's view of it. */
  workspace: {
    folder: string;
    files: (folder: string) => WorkspaceFileSystem;
    remove: (folder: string) => void;
  };
  onClose: () => void;
}): CodeInterpreterSession {
  const { id, memoryLimitMb, workers, execute, workspace } = options;
  let home: WorkerProcess | undefined;
  /** True once a run of this session left state in `home`'s sandboxes. */
  let holdsState = false;
  /** Why the state is gone, to tell the next run (it was lost outside any run's result). */
  let lostSinceLastRun: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** What one run or command line of the session is given (its own object: `stateLost` is set on it). */
  const runContext = (): SessionRunContext => ({
    id,
    memoryLimitMb,
    workspaceFolder: workspace.folder,
    ...(options.tools ? { tools: options.tools } : {}),
    ...(options.network ? { network: options.network } : {}),
  });

  const worker = () => {
    if (home && !home.alive) {
      if (holdsState) {
        lostSinceLastRun = `The sandbox process that held this session's state stopped (${home.exitReason}) while the session was idle, so its variables, functions and imports are gone: this run started from a fresh sandbox. Define again what it needs.`;
      }
      home = undefined;
      holdsState = false;
    }
    home ??= workers.place(id);
    return home;
  };

  async function runInSession(input: unknown, runOptions: RunOptions): Promise<ExecutionResult> {
    if (closed) throw new InterpreterClosedError({ what: 'session' });
    let result: ExecutionResult;
    const context = runContext();
    try {
      result = await execute(input, runOptions, worker, context);
    } catch (error) {
      if (context.stateLost && RunAbortedError.isInstance(error)) {
        // Aborting stopped the session's sandbox: what it held is gone for the next run.
        if (holdsState) {
          lostSinceLastRun =
            "An earlier run of this session was aborted, which stopped the session's sandbox: its variables, functions and imports are gone, and this run started from a fresh sandbox. Define again what it needs.";
        }
        holdsState = false;
      }
      throw error;
    }
    if (lostSinceLastRun && !result.sessionReset) {
      result.sessionReset = { when: 'before-this-run', message: lostSinceLastRun };
    }
    lostSinceLastRun = undefined;
    holdsState = result.sessionReset?.when !== 'this-run';
    return result;
  }

  // The application's view of the workspace keeps what it measured of it while only the
  // application writes; programs write only while a run or command is in progress, so the usage
  // is measured afresh at every call then, and once after each.
  let fileSystem: WorkspaceFileSystem | undefined;
  let programsInProgress = 0;
  const whileProgramsMayWrite = async <T>(action: () => Promise<T>): Promise<T> => {
    programsInProgress++;
    try {
      return await action();
    } finally {
      programsInProgress--;
      fileSystem?.refreshUsage();
    }
  };

  return {
    id,
    files: createWorkspaceFiles(() => {
      if (closed) throw new InterpreterClosedError({ what: 'session' });
      fileSystem ??= workspace.files(workspace.folder);
      if (programsInProgress > 0) fileSystem.refreshUsage();
      return fileSystem;
    }),
    run(input, runOptions = {}) {
      if (closed) return Promise.reject(new InterpreterClosedError({ what: 'session' }));
      // A session runs one program at a time, in the order they were asked for.
      const next = queue.then(() => whileProgramsMayWrite(() => runInSession(input, runOptions)));
      queue = next.catch(() => {});
      return next;
    },
    exec(input, commandOptions = {}) {
      if (closed) return Promise.reject(new InterpreterClosedError({ what: 'session' }));
      // Queued with the session's runs: a command sees what the runs before it left.
      const next = queue.then(() =>
        whileProgramsMayWrite(async () => {
          if (closed) throw new InterpreterClosedError({ what: 'session' });
          const context = runContext();
          const result = await options.executeCommand(input, commandOptions, worker, context);
          if (context.stateLost && holdsState) {
            lostSinceLastRun =
              "The sandbox process that held this session's state stopped while a shell command ran, so its variables, functions and imports are gone: this run started from a fresh sandbox. Define again what it needs.";
            holdsState = false;
          }
          return result;
        }),
      );
      queue = next.catch(() => {});
      return next;
    },
    async close() {
      if (closed) return;
      closed = true;
      options.onClose();
      if (home) workers.release(id, home);
      workspace.remove(workspace.folder);
    },
  };
}
