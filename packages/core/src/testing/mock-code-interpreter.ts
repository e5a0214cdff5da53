import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InterpreterClosedError } from '../errors/interpreter-closed-error';
import { RunAbortedError } from '../errors/run-aborted-error';
import type {
  CodeInterpreter,
  CodeInterpreterCapabilities,
  CodeInterpreterSession,
} from '../interpreter/code-interpreter';
import type { RunOptions, SessionOptions } from '../interpreter/code-interpreter-options';
import { type CappedRequest, parseInput } from '../interpreter/parse-input';
import type { ExecutionResult } from '../result/execution-result';
import { type CodeExecutionInput, codeExecutionLimits } from '../schema/code-execution-schema';
import type { CommandInput, CommandOptions, CommandResult } from '../shell/command';
import { parseCommandInput } from '../shell/parse-command-input';
import { mergeSandboxTools } from '../tools/merge-sandbox-tools';
import type { SandboxToolLimits, SandboxTools } from '../tools/sandbox-tool';
import { resolveToolLimits } from '../tools/tool-limits';
import { ToolRunBroker } from '../tools/tool-run-broker';
import { WorkspaceFileSystem } from '../workspace/workspace-file-system';
import { createWorkspaceFiles } from '../workspace/workspace-files';
import { defaultWorkspaceLimits } from '../workspace/workspace-limits';
import { type MockExecutionResultFields, mockExecutionResult } from './mock-execution-result';

/** One run the mock received, in the order received. */
export interface MockRunCall {
  /** 0-based position among all runs of the interpreter and its sessions. */
  index: number;
  /** The input exactly as the caller passed it. */
  input: CodeExecutionInput;
  /** The input as validated, with the limits it runs under (`timeoutMs`, `memoryLimitMb`). */
  request: CappedRequest;
  /** The session's id for a session's run; absent for a stateless run. */
  sessionId?: string;
  /** The caller's abort signal, if any. */
  signal?: AbortSignal;
  /**
   * The files the caller gave with the run (`RunOptions.files`). A session's run also writes them
   * into the session's files first, as a real interpreter does.
   */
  files?: RunOptions['files'];
  /**
   * The tools the run's code may call: the session's (`SessionOptions.tools`) and the run's own
   * (`RunOptions.tools`) merged as a real interpreter merges them. Absent when it has none.
   */
  tools?: SandboxTools;
  /**
   * Calls one of the run's tools as sandboxed code does, through core's own checks (known tool,
   * `toolLimits`, the input against its schema, JSON copies, cleaned error messages): resolves
   * with the output, rejects with an `Error` named `ToolError` carrying the message the code
   * would see. Every call is recorded in the result's `toolCalls`.
   */
  callTool(name: string, input?: unknown): Promise<unknown>;
  /**
   * Streams output now, as a running program would (to the caller's `onOutput`); what is written
   * becomes the result's stdout or stderr unless the response sets them. For a function response
   * that simulates a program printing while it runs.
   */
  write(text: string, stream?: 'stdout' | 'stderr'): void;
}

/**
 * What a run returns: result fields (completed by {@link mockExecutionResult}), or a function of
 * the call returning them (sync or async, may throw to simulate a failure of the interpreter).
 */
export type MockRunResponse =
  | MockExecutionResultFields
  | ((call: MockRunCall) => MockExecutionResultFields | Promise<MockExecutionResultFields>);

/** One shell command line a mock session received (`session.exec`), in the order received. */
export interface MockCommandCall {
  /** 0-based position among all command lines of the interpreter's sessions. */
  index: number;
  /** The input exactly as the caller passed it. */
  input: CommandInput;
  /** The session's id. */
  sessionId: string;
  /** The caller's abort signal, if any. */
  signal?: AbortSignal;
}

/**
 * What `session.exec` returns: result fields (missing ones are `''`, `0`, `false`), or a function
 * of the call returning them (sync or async, may throw to simulate a failure of the interpreter).
 */
export type MockCommandResponse =
  | Partial<CommandResult>
  | ((call: MockCommandCall) => Partial<CommandResult> | Promise<Partial<CommandResult>>);

/** Options of {@link MockCodeInterpreter}. */
export interface MockCodeInterpreterOptions {
  /**
   * What runs return. One response answers every run; a list answers run N with its Nth entry
   * (a run past its end throws, naming how many were scripted); a function answers each call.
   * @default `{}` (every run succeeds with no output)
   */
  run?: MockRunResponse | readonly MockRunResponse[];
  /**
   * The capabilities the mock reports; input is validated against them as the real interpreter
   * validates it (a language not offered, a timeout over the cap: `InvalidInputError`).
   * @default the real interpreter's defaults, with JavaScript, TypeScript and Python (Pyodide)
   */
  capabilities?: Partial<CodeInterpreterCapabilities>;
  /**
   * What sessions' `exec` returns (the mock runs no shell): one response for every command line,
   * or a function of the call. Input is validated as the real interpreter validates it.
   * @default `{}` (exit code 0, no output)
   */
  exec?: MockCommandResponse;
  /**
   * Limits of the tool calls a function response makes with `call.callTool` (as the real
   * interpreter's `toolLimits`).
   * @default the real interpreter's defaults
   */
  toolLimits?: SandboxToolLimits;
}

/** A session of a {@link MockCodeInterpreter}: its runs are recorded with its id. */
export interface MockCodeInterpreterSession extends CodeInterpreterSession {
  /** The options `createSession` received. */
  readonly options: SessionOptions;
  /** True once `close()` was called (directly or by the interpreter's `close()`). */
  readonly closed: boolean;
}

const defaultCapabilities: CodeInterpreterCapabilities = {
  languages: ['javascript', 'typescript', 'python'],
  pythonRuntime: 'pyodide',
  maxTimeoutMs: codeExecutionLimits.maxTimeoutMs,
  defaultTimeoutMs: codeExecutionLimits.defaultTimeoutMs,
  maxMemoryLimitMb: codeExecutionLimits.maxMemoryLimitMb,
  defaultMemoryLimitMb: codeExecutionLimits.defaultMemoryLimitMb,
  maxOutputChars: 100_000,
  images: false,
};

/**
 * A `CodeInterpreter` that runs nothing: it answers with scripted results and records every call,
 * so an application's (or an adapter's) tests run without worker processes. It behaves as the
 * real one at its edges: input is validated against its capabilities, an aborted signal rejects
 * with `RunAbortedError`, a closed interpreter or session throws `InterpreterClosedError`, and a
 * result's stdout and stderr are streamed to `onOutput` line by line before the run resolves (or
 * while it runs, when a function response calls `call.write`).
 *
 * @example
 * ```ts
 * import { MockCodeInterpreter } from '@code-interpreter/core/test';
 *
 * const interpreter = new MockCodeInterpreter({ run: [{ stdout: '42\n' }, { errorInfo: { name: 'TypeError', message: 'x is not a function', line: 1 } }] });
 * const tool = createCodeInterpreterTool({ interpreter });
 * // ... drive the model loop ...
 * expect(interpreter.calls.map((call) => call.input.code)).toEqual(['console.log(42)', 'x()']);
 * ```
 */
export class MockCodeInterpreter implements CodeInterpreter, AsyncDisposable {
  readonly capabilities: CodeInterpreterCapabilities;
  /** Every run received (stateless and sessions'), in order, including refused ones' valid inputs. */
  readonly calls: MockRunCall[] = [];
  /** Every shell command line sessions received (`session.exec`), in order. */
  readonly commandCalls: MockCommandCall[] = [];
  private readonly commandResponse: MockCommandResponse;
  /** Every session created, in order. */
  readonly sessions: MockCodeInterpreterSession[] = [];
  private readonly responses: MockRunResponse | readonly MockRunResponse[];
  private readonly toolLimits: Required<SandboxToolLimits>;
  private isClosed = false;

  constructor(options: MockCodeInterpreterOptions = {}) {
    this.capabilities = { ...defaultCapabilities, ...options.capabilities };
    this.responses = options.run ?? {};
    this.commandResponse = options.exec ?? {};
    this.toolLimits = resolveToolLimits(options.toolLimits);
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  run(input: CodeExecutionInput, options: RunOptions = {}): Promise<ExecutionResult> {
    if (this.isClosed) return Promise.reject(new InterpreterClosedError());
    return this.answer(input, options, undefined);
  }

  createSession(options: SessionOptions = {}): MockCodeInterpreterSession {
    if (this.isClosed) throw new InterpreterClosedError();
    const id = `mock-session-${this.sessions.length + 1}`;
    let sessionClosed = false;
    // The session's files are real, in a private temporary folder made at first use, so tests
    // see the same paths, limits and errors as with a real interpreter.
    let folder: string | undefined;
    const session: MockCodeInterpreterSession = {
      id,
      options,
      files: createWorkspaceFiles(() => {
        if (sessionClosed) throw new InterpreterClosedError({ what: 'session' });
        folder ??= mkdtempSync(join(tmpdir(), 'code-interpreter-mock-'));
        return new WorkspaceFileSystem(folder, defaultWorkspaceLimits);
      }),
      get closed() {
        return sessionClosed;
      },
      run: async (input, runOptions = {}) => {
        if (sessionClosed || this.isClosed) throw new InterpreterClosedError({ what: 'session' });
        for (const [path, data] of Object.entries(runOptions.files ?? {})) {
          await session.files.write(path, data);
        }
        return this.answer(input, runOptions, id, options.tools);
      },
      exec: (input, commandOptions = {}) =>
        sessionClosed || this.isClosed
          ? Promise.reject(new InterpreterClosedError({ what: 'session' }))
          : this.answerCommand(input, commandOptions, id),
      close: async () => {
        sessionClosed = true;
        if (folder) rmSync(folder, { recursive: true, force: true });
      },
    };
    this.sessions.push(session);
    return session;
  }

  private async answerCommand(
    input: CommandInput,
    options: CommandOptions,
    sessionId: string,
  ): Promise<CommandResult> {
    parseCommandInput(input, this.capabilities);
    if (options.signal?.aborted) throw new RunAbortedError({ reason: options.signal.reason });
    const call: MockCommandCall = {
      index: this.commandCalls.length,
      input,
      sessionId,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    this.commandCalls.push(call);
    const fields =
      typeof this.commandResponse === 'function'
        ? await this.commandResponse(call)
        : this.commandResponse;
    if (options.signal?.aborted) throw new RunAbortedError({ reason: options.signal.reason });
    const result: CommandResult = {
      stdout: '',
      stderr: '',
      exitCode: 0,
      truncated: false,
      timedOut: false,
      executionTime: 0,
      ...fields,
    };
    if (result.stdout) options.onOutput?.({ stream: 'stdout', text: result.stdout });
    if (result.stderr) options.onOutput?.({ stream: 'stderr', text: result.stderr });
    return result;
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.all(this.sessions.map((session) => session.close()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async answer(
    input: CodeExecutionInput,
    { signal, onOutput, files, tools: runTools }: RunOptions,
    sessionId: string | undefined,
    sessionTools?: SandboxTools,
  ): Promise<ExecutionResult> {
    const { languages, ...limits } = this.capabilities;
    const request = parseInput(input, {
      ...limits,
      languages,
      python: this.capabilities.pythonRuntime ?? 'pyodide',
    });
    const written = { stdout: '', stderr: '' };
    const tools = mergeSandboxTools(sessionTools, runTools);
    const broker = tools
      ? new ToolRunBroker(tools, { limits: this.toolLimits, timeoutMs: request.timeoutMs })
      : undefined;
    const call: MockRunCall = {
      index: this.calls.length,
      input,
      request,
      ...(sessionId === undefined ? {} : { sessionId }),
      ...(signal ? { signal } : {}),
      ...(files ? { files } : {}),
      ...(tools ? { tools } : {}),
      async callTool(name, toolInput) {
        if (!broker) throw toolError('This run has no tools.');
        const answer = await broker.handle(
          name,
          toolInput === undefined ? '' : (JSON.stringify(toolInput) ?? ''),
        );
        if (!answer.ok) throw toolError(answer.message);
        return JSON.parse(answer.json);
      },
      write(text, stream = 'stdout') {
        written[stream] += text;
        onOutput?.({ stream, text });
      },
    };
    this.calls.push(call);
    if (signal?.aborted) throw new RunAbortedError({ reason: signal.reason });
    const response = this.responseFor(call.index);
    let fields: MockExecutionResultFields;
    try {
      fields = await untilAborted(
        typeof response === 'function' ? Promise.resolve().then(() => response(call)) : response,
        signal,
      );
    } finally {
      broker?.finish();
    }
    if (broker && fields.toolCalls === undefined)
      fields = { ...fields, toolCalls: broker.finish() };
    const result = mockExecutionResult(
      { ...written, ...fields },
      {
        language: request.language,
        timeoutMs: request.timeoutMs,
        memoryLimitMb: request.memoryLimitMb,
      },
    );
    if (onOutput) {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (fields[stream] === undefined) continue; // written while it ran, already streamed
        for (const line of result[stream].match(/[^\n]*\n|[^\n]+$/g) ?? []) {
          onOutput({ stream, text: line });
        }
      }
    }
    return result;
  }

  private responseFor(index: number): MockRunResponse {
    if (!Array.isArray(this.responses)) return this.responses as MockRunResponse;
    const response = this.responses[index];
    if (response === undefined) {
      throw new Error(
        `MockCodeInterpreter: run ${index + 1} has no scripted result (${this.responses.length} given); script more results or pass a function.`,
      );
    }
    return response;
  }
}

/** Settles with `value`, or rejects with `RunAbortedError` as soon as `signal` aborts. */
function untilAborted<T>(value: T | Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return Promise.resolve(value);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RunAbortedError({ reason: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(value).then(
      (settled) => {
        signal.removeEventListener('abort', onAbort);
        resolve(settled);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The error a tool call of a mock run rejects with, as sandboxed code sees it. */
function toolError(message: string): Error {
  const error = new Error(message);
  error.name = 'ToolError';
  return error;
}
