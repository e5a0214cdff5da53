import { posix } from 'node:path';
import {
  type CodeInterpreter,
  type CodeInterpreterSession,
  type CommandOptions,
  createCodeInterpreter,
  WorkspaceError,
  workspaceMount,
} from '@code-interpreter/core';
import type {
  Experimental_SandboxDirectoryEntry,
  Experimental_SandboxFileStat,
  Experimental_SandboxProcess,
  Experimental_SandboxSession,
} from 'ai';
import { bytesToStream, collectStream } from './byte-streams';
import { describeSandboxSession } from './describe-sandbox-session';
import { extractLines } from './extract-lines';
import { SandboxNetworkNarrowing } from './sandbox-network-policy';
import { startSandboxProcess, type WritableSandboxProcess } from './sandbox-process';
import { attachSandboxSessionCore } from './sandbox-session-core';
import type { CodeInterpreterSandboxSessionOptions } from './sandbox-session-options';
import { decodeText, encodeText } from './text-encoding';

/**
 * An AI SDK sandbox (`Experimental_SandboxSession`) over a code-interpreter session: its files
 * are the session's workspace (`/workspace`, the working directory), its commands run in the
 * session's shell, whose `python3`, `node` and `tsx` run programs in isolated sandboxes.
 */
export type CodeInterpreterSandboxSession = Experimental_SandboxSession &
  AsyncDisposable & {
    /** The working directory, against which relative paths resolve: always `/workspace`. */
    readonly workingDirectory: string;
    /** The interpreter the sandbox runs on (its own, or the one passed in the options). */
    readonly interpreter: CodeInterpreter;
    /** The session whose workspace and shell the sandbox is (its own, or the one passed in). */
    readonly session: CodeInterpreterSession;
    /**
     * Frees what the sandbox created: its session (unless one was passed in) and its interpreter
     * (unless one was passed in). Later operations fail with `InterpreterClosedError`. Idempotent.
     */
    close(): Promise<void>;
  };

/** Most bytes `spawn`'s standard input holds (what `session.exec` accepts as stdin). */
const maxStdinBytes = 16 * 1024 * 1024;
const defaultMaxFileBytes = 64 * 1024 * 1024;

/** Codes that mean "nothing is there": a missing entry, or a path through a file. */
const missing = new Set(['ENOENT', 'ENOTDIR']);

/** `undefined` when `operation` fails because nothing is at the path; other errors are thrown. */
async function unlessMissing<T>(operation: Promise<T>, codes = missing): Promise<T | undefined> {
  try {
    return await operation;
  } catch (error) {
    if (WorkspaceError.isInstance(error) && codes.has(error.code)) return undefined;
    throw error;
  }
}

/**
 * Creates an AI SDK sandbox session backed by a code-interpreter session, for
 * `generateText`/`streamText`/agents' `experimental_sandbox` and the tools that use it. File
 * operations and commands share the session's workspace, and so does `createCodeInterpreterTool`
 * when given this sandbox. Relative paths resolve against `/workspace`; an absolute path outside
 * it is refused with `WorkspaceError` `EACCES`. Output of a command arrives when it ends.
 *
 * @example
 * ```ts
 * const sandbox = createSandboxSession({ python: 'native' });
 * await sandbox.writeTextFile({ path: 'data.csv', content: 'a,b\n1,2\n' });
 * const { stdout } = await sandbox.run({ command: 'python3 -c "print(open(\'data.csv\').read())"' });
 * const { text } = await generateText({ model, tools, experimental_sandbox: sandbox, prompt });
 * await sandbox.close();
 * ```
 */
export function createSandboxSession(
  options: CodeInterpreterSandboxSessionOptions = {},
): CodeInterpreterSandboxSession {
  const {
    interpreter: givenInterpreter,
    session: givenSession,
    description,
    commandTimeoutMs,
    maxStreamedFileBytes,
    ...interpreterOptions
  } = options;
  if (givenSession && !givenInterpreter) {
    throw new TypeError(
      'createSandboxSession: pass the interpreter that made `session` as `interpreter` too (its capabilities describe the sandbox).',
    );
  }
  const interpreter = givenInterpreter ?? createCodeInterpreter(interpreterOptions);
  const session = givenSession ?? interpreter.createSession();
  const maxFileBytes =
    maxStreamedFileBytes ?? interpreterOptions.workspace?.maxFileBytes ?? defaultMaxFileBytes;
  const files = session.files;
  let closed: Promise<void> | undefined;

  const exec = (
    command: { command: string; workingDirectory?: string; env?: Record<string, string> },
    stdin: Uint8Array | undefined,
    execOptions: CommandOptions,
  ) =>
    session.exec(
      {
        command: command.command,
        ...(command.workingDirectory === undefined ? {} : { cwd: command.workingDirectory }),
        ...(command.env === undefined ? {} : { env: command.env }),
        ...(stdin === undefined || stdin.byteLength === 0 ? {} : { stdin }),
        ...(commandTimeoutMs === undefined ? {} : { timeoutMs: commandTimeoutMs }),
      },
      execOptions,
    );

  const readBinaryFile = async ({
    path,
    abortSignal,
  }: {
    path: string;
    abortSignal?: AbortSignal;
  }) => {
    abortSignal?.throwIfAborted();
    const bytes = await unlessMissing(files.read(path));
    if (bytes === undefined) return null;
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };

  const writeBinaryFile = async ({
    path,
    content,
    abortSignal,
  }: {
    path: string;
    content: Uint8Array;
    abortSignal?: AbortSignal;
  }) => {
    abortSignal?.throwIfAborted();
    if (!(content instanceof Uint8Array)) {
      throw new TypeError(`writeBinaryFile needs a Uint8Array as content, got ${typeof content}.`);
    }
    await files.write(path, content);
  };

  function spawn(options: {
    command: string;
    workingDirectory?: string;
    env?: Record<string, string>;
    abortSignal?: AbortSignal;
    stdin: true;
  }): Promise<WritableSandboxProcess>;
  function spawn(options: {
    command: string;
    workingDirectory?: string;
    env?: Record<string, string>;
    abortSignal?: AbortSignal;
    stdin?: false;
  }): Promise<Experimental_SandboxProcess>;
  function spawn(options: {
    command: string;
    workingDirectory?: string;
    env?: Record<string, string>;
    abortSignal?: AbortSignal;
    stdin?: boolean;
  }): Promise<Experimental_SandboxProcess | WritableSandboxProcess>;
  async function spawn(options: {
    command: string;
    workingDirectory?: string;
    env?: Record<string, string>;
    abortSignal?: AbortSignal;
    stdin?: boolean;
  }): Promise<Experimental_SandboxProcess | WritableSandboxProcess> {
    options.abortSignal?.throwIfAborted();
    return startSandboxProcess((stdin, execOptions) => exec(options, stdin, execOptions), {
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      stdin: options.stdin === true,
      maxStdinBytes,
    });
  }

  const sandbox: CodeInterpreterSandboxSession = {
    description:
      description ?? describeSandboxSession(interpreter.capabilities, { commandTimeoutMs }),
    workingDirectory: workspaceMount,
    interpreter,
    session,

    async readFile({ path, abortSignal }) {
      const bytes = await readBinaryFile({ path, abortSignal });
      return bytes === null ? null : bytesToStream(bytes);
    },
    readBinaryFile,
    async readTextFile({ path, encoding = 'utf-8', startLine, endLine, abortSignal }) {
      const bytes = await readBinaryFile({ path, abortSignal });
      if (bytes === null) return null;
      return extractLines(decodeText(bytes, encoding), startLine, endLine);
    },

    async writeFile({ path, content, abortSignal }) {
      abortSignal?.throwIfAborted();
      const bytes = await collectStream(content, { maxBytes: maxFileBytes, path });
      await writeBinaryFile({ path, content: bytes, abortSignal });
    },
    writeBinaryFile,
    async writeTextFile({ path, content, encoding = 'utf-8', abortSignal }) {
      await writeBinaryFile({ path, content: encodeText(content, encoding), abortSignal });
    },

    async stat({ path, abortSignal }): Promise<Experimental_SandboxFileStat | null> {
      abortSignal?.throwIfAborted();
      const entry = await unlessMissing(files.stat(path));
      return entry === undefined ? null : { type: entry.type, size: entry.size };
    },
    async listDirectory({
      path,
      abortSignal,
    }): Promise<Experimental_SandboxDirectoryEntry[] | null> {
      abortSignal?.throwIfAborted();
      // A file is no directory: ENOTDIR rejects; only a missing path is null.
      const entries = await unlessMissing(files.list(path), new Set(['ENOENT']));
      if (entries === undefined) return null;
      return entries.map((entry) => ({ name: posix.basename(entry.path), type: entry.type }));
    },
    async deleteFile({ path, abortSignal }) {
      abortSignal?.throwIfAborted();
      const entry = await unlessMissing(files.stat(path));
      if (entry === undefined) return false;
      if (entry.type === 'directory') {
        throw new WorkspaceError({
          code: 'EISDIR',
          syscall: 'unlink',
          path: entry.path,
          detail:
            'deleteFile deletes files only, and this is a folder (remove it with a command: rm -r)',
        });
      }
      return (await unlessMissing(files.remove(path).then(() => true))) ?? false;
    },

    spawn,
    async run({ command, workingDirectory, env, abortSignal }) {
      // `spawn` collected to strings, as the contract describes `run`.
      const process = await spawn({
        command,
        ...(workingDirectory === undefined ? {} : { workingDirectory }),
        ...(env === undefined ? {} : { env }),
        ...(abortSignal === undefined ? {} : { abortSignal }),
      });
      const [stdout, stderr, { exitCode }] = await Promise.all([
        new Response(process.stdout).text(),
        new Response(process.stderr).text(),
        process.wait(),
      ]);
      return { exitCode, stdout, stderr };
    },

    close() {
      closed ??= (async () => {
        if (!givenSession) await session.close();
        if (!givenInterpreter) await interpreter.close();
      })();
      return closed;
    },
    [Symbol.asyncDispose]() {
      return this.close();
    },
  };
  // Runs made through the sandbox (the code-interpreter tool's) carry its network policy.
  const network = new SandboxNetworkNarrowing(interpreter.capabilities);
  return attachSandboxSessionCore(sandbox, {
    interpreter,
    session: network.narrow(session),
    network,
  });
}
