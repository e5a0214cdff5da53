import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { InterpreterClosedError } from '../errors/interpreter-closed-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import { RunAbortedError } from '../errors/run-aborted-error';
import { RuntimeUnavailableError } from '../errors/runtime-unavailable-error';
import { SandboxError } from '../errors/sandbox-error';
import { describeNetworkPolicy } from '../network/describe-network-policy';
import type { ResolvedNetworkPolicy } from '../network/network-policy';
import { resolveNetworkPolicy } from '../network/resolve-network-policy';
import { buildExecutionResult, crashedResult } from '../result/build-execution-result';
import type { RuntimeId } from '../runtimes/sandbox-runtime';
import type { SupportedLanguage } from '../schema/code-execution-schema';
import type { CommandResult } from '../shell/command';
import { parseCommandInput } from '../shell/parse-command-input';
import { checkSandboxTools, mergeSandboxTools } from '../tools/merge-sandbox-tools';
import { resolveToolLimits } from '../tools/tool-limits';
import { PyodideSnapshotSource } from '../worker/pyodide-snapshot-source';
import { SessionWorkerPool } from '../worker/session-worker-pool';
import { WorkerPool } from '../worker/worker-pool';
import type { WorkerProcess } from '../worker/worker-process';
import type { RunWorkspaceMessage, WorkerSettings } from '../worker/worker-protocol';
import { checkHostRuntime } from './check-host-runtime';
import { checkKnownOptions } from './check-known-options';
import type { CodeInterpreter, CodeInterpreterSession } from './code-interpreter';
import type { CodeInterpreterOptions, SessionOptions } from './code-interpreter-options';
import {
  createInterpreterSession,
  type ExecuteCommand,
  type ExecuteRun,
  type SessionRunContext,
} from './create-interpreter-session';
import { InterpreterWorkspaces } from './interpreter-workspaces';
import {
  knownInterpreterOptions,
  knownNativePythonOptions,
  knownSessionOptions,
  knownWarmSandboxOptions,
  knownWorkspaceOptions,
} from './known-options';
import { parseInput } from './parse-input';
import { resolveLimits } from './resolve-limits';
import { RunHostCalls } from './run-host-calls';

/**
 * Creates an interpreter that runs untrusted JavaScript, TypeScript and Python in sandboxes
 * inside supervised worker processes. Call `close()` when done.
 *
 * @example
 * ```ts
 * const interpreter = createCodeInterpreter();
 * const result = await interpreter.run({ language: 'python', code: 'print(6 * 7)' });
 * console.log(result.output); // "42"
 * await interpreter.close();
 * ```
 */
export function createCodeInterpreter(options: CodeInterpreterOptions = {}): CodeInterpreter {
  checkKnownOptions(options, knownInterpreterOptions);
  checkKnownOptions(options.pythonNative, knownNativePythonOptions, 'pythonNative.');
  checkKnownOptions(options.warmSandboxes, knownWarmSandboxOptions, 'warmSandboxes.');
  checkKnownOptions(options.workspace, knownWorkspaceOptions, 'workspace.');
  const limits = resolveLimits(options);
  const toolLimits = resolveToolLimits(options.toolLimits);
  const interpreterTools = checkSandboxTools(options.tools, 'tools');
  const interpreterNetwork =
    options.network === undefined ? undefined : resolveNetworkPolicy(options.network, 'network');
  /**
   * The network policies of one run, outermost first: a session's and a run's only narrow the
   * interpreter's, so without one on the interpreter they are refused.
   */
  const networkLayers = (
    sessionPolicy: ResolvedNetworkPolicy | undefined,
    runPolicy: unknown,
  ): ResolvedNetworkPolicy[] => {
    const run =
      runPolicy === undefined ? undefined : resolveNetworkPolicy(runPolicy, 'options.network');
    if (!interpreterNetwork) {
      if (sessionPolicy || run) throw networkNotNarrowing();
      return [];
    }
    return [interpreterNetwork, sessionPolicy, run].filter(
      (layer): layer is ResolvedNetworkPolicy => layer !== undefined,
    );
  };
  checkHostRuntime();
  const onLog = options.onLog ?? (() => {});
  const pythonRuntime: RuntimeId = limits.python === 'native' ? 'python-native' : 'pyodide';
  const python = limits.languages.includes('python');
  const isolation = workerIsolationFor(options, python && limits.python === 'native');
  const workspaces = new InterpreterWorkspaces(
    options.workspace ?? {},
    isolation,
    python && limits.python === 'native',
  );
  const settings: WorkerSettings = {
    warmSandboxes: {
      javascript: options.warmSandboxes?.javascript ?? 2,
      [pythonRuntime]: python ? (options.warmSandboxes?.python ?? 1) : 0,
    },
    defaultMemoryLimitMb: limits.defaultMemoryLimitMb,
    ...(options.pythonNative ? { pythonNative: { ...options.pythonNative } } : {}),
    workspaces: workspaces.settings(),
  };
  const pyodideSnapshot = new PyodideSnapshotSource(settings, isolation, onLog);
  const snapshotForWorkers = () => pyodideSnapshot.get();
  const pool = new WorkerPool(
    Math.max(1, Math.floor(options.workers ?? Math.min(4, availableParallelism()))),
    settings,
    isolation,
    onLog,
    snapshotForWorkers,
  );
  // Session workers keep no stateless sandboxes warm: each session boots its own.
  const sessionWorkers = new SessionWorkerPool(
    {
      ...settings,
      warmSandboxes: {},
      // A session's programs run one at a time: one thread for their source transforms (two
      // started at each session worker's start cost about 70 ms of CPU each, a quarter of a
      // JavaScript session's CPU back to back, measured for issue 17). Another starts on demand.
      idleTransformThreads: 1,
      // Each session worker boots a sandbox of every runtime the interpreter offers before the
      // session's first run (the ones the session does not use are freed soon after it).
      prepareRuntimes: [
        ...(limits.languages.some((language) => language !== 'python')
          ? (['javascript'] as const)
          : []),
        ...(python ? [pythonRuntime] : []),
      ],
    },
    isolation,
    onLog,
    Math.max(1, Math.floor(options.sessionsPerWorker ?? 1)),
    snapshotForWorkers,
  );
  if (options.prewarm) pool.start();
  const sessions = new Set<CodeInterpreterSession>();
  let closed = false;

  const runtimeFor = (language: SupportedLanguage): RuntimeId =>
    language === 'python' ? pythonRuntime : 'javascript';

  const execute: ExecuteRun = async (input, runOptions, worker, session) => {
    if (closed) throw new InterpreterClosedError();
    const request = parseInput(input, limits);
    const { signal, onOutput } = runOptions;
    if (signal?.aborted) throw new RunAbortedError({ reason: signal.reason });
    const start = performance.now();
    // A stateless run gets a private workspace (made now only when files come with it); a
    // session's run uses the session's, with the files given added.
    if (session && runOptions.files) workspaces.seed(session.workspaceFolder, runOptions.files);
    const tools = mergeSandboxTools(
      interpreterTools,
      session?.tools,
      checkSandboxTools(runOptions.tools, 'tools'),
    );
    const stateless = session ? undefined : workspaces.statelessRun(runOptions.files);
    // Until the worker says otherwise, a stateless run's folder may exist and is removed after.
    let workspaceUsed = true;
    const hostCalls = new RunHostCalls({
      tools,
      toolLimits,
      network: networkLayers(session?.network, runOptions.network),
      timeoutMs: request.timeoutMs,
    });
    try {
      const runRequest = {
        runtime: runtimeFor(request.language),
        language: request.language,
        code: request.code,
        timeoutMs: request.timeoutMs,
        memoryLimitMb: session?.memoryLimitMb ?? request.memoryLimitMb,
        maxOutputChars: limits.maxOutputChars,
        stream: onOutput !== undefined,
        ...(session ? { sessionId: session.id } : {}),
        workspace: stateless?.message ?? sessionWorkspace(session as SessionRunContext),
        ...(hostCalls.message ? { tools: hostCalls.message } : {}),
      };
      const onToolCall = hostCalls.message ? hostCalls.answer : undefined;
      let result = await worker().run(runRequest, onOutput, signal, onToolCall);
      // A run is run again only if it called no tool and made no request: no effect twice.
      const mayRunAgain = () => !session && !signal?.aborted && !hostCalls.acted;
      if (result.kind === 'crashed' && result.culpritElsewhere && mayRunAgain()) {
        // Another run overran its deadline and its worker was killed under this one: run it again.
        result = await pool.leastBusy().run(runRequest, onOutput, signal, onToolCall);
      }
      if (result.kind === 'crashed' && result.selfInflicted && mayRunAgain()) {
        // Some program in that worker killed it, maybe this one: run it again, alone.
        onLog(
          'warn',
          'A sandbox worker crashed; re-running the stateless runs it held, one at a time.',
        );
        result = await pool.runAlone(runRequest, onOutput, signal, onToolCall);
      }
      const elapsed = performance.now() - start;
      const records = hostCalls.finish();
      workspaceUsed = result.kind !== 'outcome' || result.workspaceUsed === true;
      if (session) {
        session.stateLost =
          result.kind === 'crashed' || (result.kind === 'outcome' && result.sessionLost);
      }
      if (signal?.aborted) throw new RunAbortedError({ reason: signal.reason });
      // The limits it ran under come back with the result, for whoever explains it.
      const ranUnder = { timeoutMs: runRequest.timeoutMs, memoryLimitMb: runRequest.memoryLimitMb };
      switch (result.kind) {
        case 'outcome':
          return {
            ...buildExecutionResult(result.outcome, request.language, elapsed, result.sessionLost),
            ...ranUnder,
            ...records,
          };
        case 'crashed':
          return {
            ...crashedResult(result.message, request.language, elapsed, session !== undefined),
            ...ranUnder,
            ...records,
          };
        case 'failed':
          switch (result.failure) {
            case 'runtime-unavailable':
              throw new RuntimeUnavailableError({
                runtime: runtimeFor(request.language),
                message: result.message,
              });
            case 'sandbox':
              throw new SandboxError({ message: result.message });
          }
      }
    } finally {
      hostCalls.finish();
      stateless?.release(workspaceUsed);
    }
  };

  const executeCommand: ExecuteCommand = async (input, commandOptions, worker, session) => {
    if (closed) throw new InterpreterClosedError();
    const request = parseCommandInput(input, limits);
    const { signal, onOutput } = commandOptions;
    if (signal?.aborted) throw new RunAbortedError({ reason: signal.reason });
    const start = performance.now();
    // The command line's programs get the session's tools and network, as its runs do.
    const hostCalls = new RunHostCalls({
      tools: mergeSandboxTools(
        interpreterTools,
        session.tools,
        checkSandboxTools(commandOptions.tools, 'tools'),
      ),
      toolLimits,
      network: networkLayers(session.network, undefined),
      timeoutMs: request.timeoutMs,
    });
    let result: Awaited<ReturnType<WorkerProcess['exec']>>;
    let records: ReturnType<RunHostCalls['finish']>;
    try {
      result = await worker().exec(
        {
          sessionId: session.id,
          command: request.command,
          cwd: request.cwd,
          env: request.env,
          stdin: request.stdin,
          timeoutMs: request.timeoutMs,
          memoryLimitMb: session.memoryLimitMb,
          maxOutputChars: limits.maxOutputChars,
          stream: onOutput !== undefined,
          workspace: sessionWorkspace(session),
          programs: {
            ...(python ? { python: pythonRuntime } : {}),
            javascript: limits.languages.includes('javascript'),
            typescript: limits.languages.includes('typescript'),
          },
          ...(hostCalls.message ? { tools: hostCalls.message } : {}),
        },
        onOutput,
        signal,
        hostCalls.message ? hostCalls.answer : undefined,
      );
    } finally {
      records = hostCalls.finish();
    }
    const executionTime = performance.now() - start;
    session.stateLost = result.kind === 'crashed';
    if (signal?.aborted) throw new RunAbortedError({ reason: signal.reason });
    switch (result.kind) {
      case 'command':
        return { ...result.outcome, executionTime, ...records } satisfies CommandResult;
      case 'crashed':
        // The worker died under the command line (something it ran brought the process down).
        return {
          stdout: '',
          stderr: `${result.message}\n`,
          exitCode: 137,
          truncated: false,
          timedOut: false,
          executionTime,
        };
      case 'failed':
        throw result.failure === 'runtime-unavailable'
          ? new RuntimeUnavailableError({ runtime: 'shell', message: result.message })
          : new SandboxError({ message: result.message });
    }
  };

  const interpreter: CodeInterpreter = {
    capabilities: {
      languages: limits.languages,
      ...(python ? { pythonRuntime: limits.python } : {}),
      maxTimeoutMs: limits.maxTimeoutMs,
      defaultTimeoutMs: limits.defaultTimeoutMs,
      maxMemoryLimitMb: limits.maxMemoryLimitMb,
      defaultMemoryLimitMb: limits.defaultMemoryLimitMb,
      maxOutputChars: limits.maxOutputChars,
      images: python && limits.python === 'native',
      ...(interpreterNetwork ? { network: describeNetworkPolicy(interpreterNetwork) } : {}),
    },

    run(input, runOptions = {}) {
      return execute(input, runOptions, () => pool.leastBusy());
    },

    createSession(sessionOptions: SessionOptions = {}) {
      if (closed) throw new InterpreterClosedError();
      checkKnownOptions(sessionOptions, knownSessionOptions);
      // The session's process starts now, while the caller (a model's first turn) is busy.
      sessionWorkers.keepSpare();
      const id = randomUUID();
      const sessionTools = checkSandboxTools(sessionOptions.tools, 'tools');
      const sessionNetwork =
        sessionOptions.network === undefined
          ? undefined
          : resolveNetworkPolicy(sessionOptions.network, 'network');
      if (sessionNetwork && !interpreterNetwork) throw networkNotNarrowing();
      const session = createInterpreterSession({
        id,
        ...(sessionTools ? { tools: sessionTools } : {}),
        ...(sessionNetwork ? { network: sessionNetwork } : {}),
        memoryLimitMb: Math.min(
          sessionOptions.memoryLimitMb ?? limits.defaultMemoryLimitMb,
          limits.maxMemoryLimitMb,
        ),
        workers: sessionWorkers,
        execute,
        executeCommand,
        workspace: {
          folder: workspaces.createSessionFolder(id),
          files: (folder) => workspaces.fileSystem(folder),
          remove: (folder) => workspaces.remove(folder),
        },
        onClose: () => sessions.delete(session),
      });
      sessions.add(session);
      return session;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...sessions].map((session) => session.close()));
      await Promise.all([pool.close(), sessionWorkers.close(), pyodideSnapshot.close()]);
      await workspaces.close();
    },
  };
  return interpreter;
}

/** Why a session's or a run's `network` is refused when the interpreter has none. */
function networkNotNarrowing(): InvalidInputError {
  return new InvalidInputError({
    issues: [
      {
        path: 'network',
        message:
          "a session's or a run's network policy can only narrow the interpreter's: set `network` on createCodeInterpreter (the most any run may reach), then narrow it here",
      },
    ],
  });
}

/** A session's workspace, as the worker is told it: its folder, kept after every run. */
function sessionWorkspace(session: SessionRunContext): RunWorkspaceMessage {
  return { folder: session.workspaceFolder, exists: true, returnContents: false };
}

/**
 * The native Python runtime starts its own bubblewrap box for every program, and a box cannot
 * be nested in the worker's (a nested PID namespace cannot mount /proc under bubblewrap's
 * read-only /proc entries). With native Python on, `'auto'` therefore leaves workers unconfined;
 * the Python programs keep their own box and seccomp filter.
 */
function workerIsolationFor(options: CodeInterpreterOptions, nativePython: boolean) {
  const requested = options.workerIsolation ?? 'auto';
  if (!nativePython) return requested;
  if (requested === 'bubblewrap') {
    throw new InvalidInputError({
      issues: [
        {
          path: 'workerIsolation',
          message:
            "'bubblewrap' cannot be combined with python: 'native' (each Python program already runs in its own bubblewrap box, and boxes do not nest); use 'auto'",
        },
      ],
    });
  }
  return 'none';
}
