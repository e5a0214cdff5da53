import { randomUUID } from 'node:crypto';
import {
  type CodeInterpreter,
  type CodeInterpreterOptions,
  type CodeInterpreterSession,
  createCodeInterpreter,
  InvalidInputError,
  type WorkspaceEntry,
  WorkspaceError,
  workspaceMount,
} from '@code-interpreter/core';
import type {
  DeleteResult,
  EditResult,
  ExecuteResponse,
  FileDownloadResponse,
  FileInfo,
  FileUploadResponse,
  GlobResult,
  GrepMatch,
  GrepResult,
  LsResult,
  ReadRawResult,
  ReadResult,
  SandboxBackendProtocolV2,
  WriteResult,
} from 'deepagents';
import { resolveAgentPath } from './agent-path';
import type { CodeInterpreterSandboxOptions } from './code-interpreter-sandbox-options';
import { fileMediaType, isTextMediaType } from './file-media-type';
import { fileOperationRefusal } from './file-operation-refusal';
import { globToRegExp } from './glob-pattern';
import { SandboxBackendError } from './sandbox-backend-error';
import { textWindow } from './text-window';

/** One file of `uploadFiles`: deepagents' response, with the reason when it failed. */
export interface CodeInterpreterSandboxUploadResponse extends FileUploadResponse {
  /** Why the file was refused (e.g. `EFBIG: the file would exceed ...`); absent on success. */
  message?: string;
}

/** One file of `downloadFiles`: deepagents' response, with the reason when it failed. */
export interface CodeInterpreterSandboxDownloadResponse extends FileDownloadResponse {
  /** Why the file could not be read (e.g. `ENOENT: no such file ...`); absent on success. */
  message?: string;
}

/** Bytes of a file scanned for a NUL to call it binary, as grep does. */
const binarySniffBytes = 8000;

/**
 * A deepagents sandbox backend (`SandboxBackendProtocolV2`) over a code interpreter session:
 * `execute` runs a bash command line in the session's virtual shell (just-bash, with `python3`,
 * `node` and `tsx` running in real sandboxes), and the file tools (`ls`, `read`, `write`, `edit`,
 * `grep`, `glob`, `delete`, `uploadFiles`, `downloadFiles`) work on the session's workspace
 * directly. Nothing runs on the host and nothing of the host's files is reachable.
 *
 * **Paths.** The workspace, `/workspace`, is the only file tree and the working directory of
 * `execute`. A path under `/workspace` is used as given; any other absolute path is read as
 * relative to the workspace (`/notes.md` is `/workspace/notes.md`, `/` is `/workspace`), so the
 * files deepagents keeps for itself (`/large_tool_results/...`) land there too; a relative path
 * is relative to `/workspace`. A path with `..` is refused (`invalid_path`). Listings and matches
 * give `/workspace/...` paths, which `execute` understands as they are.
 *
 * @example
 * ```ts
 * import { createDeepAgent } from 'deepagents';
 *
 * const sandbox = await CodeInterpreterSandbox.create({ initialFiles: { 'data.csv': 'a,b\n1,2\n' } });
 * try {
 *   const agent = createDeepAgent({ model, backend: sandbox });
 *   await agent.invoke({ messages: [{ role: 'user', content: 'Sum column b of /workspace/data.csv' }] });
 * } finally {
 *   await sandbox.close();
 * }
 * ```
 */
export class CodeInterpreterSandbox implements SandboxBackendProtocolV2, AsyncDisposable {
  /** The sandbox's id (given in the options, or `code-interpreter-<uuid>`); stable for its life. */
  readonly id: string;

  readonly #options: CodeInterpreterSandboxOptions;
  /** The options of the interpreter the sandbox creates when none is given. */
  readonly #interpreterOptions: CodeInterpreterOptions;
  #interpreter: CodeInterpreter | undefined;
  #session: CodeInterpreterSession | undefined;
  #state: 'new' | 'starting' | 'running' | 'closed' = 'new';

  /**
   * A sandbox not yet started: call `initialize()` before using it, or use
   * {@link CodeInterpreterSandbox.create}, which does both.
   */
  constructor(options: CodeInterpreterSandboxOptions = {}) {
    const { interpreter, initialFiles, commandTimeoutMs, env, memoryLimitMb, id, ...rest } =
      options;
    this.#options = { interpreter, initialFiles, commandTimeoutMs, env, memoryLimitMb };
    this.#interpreterOptions = rest;
    this.id = id ?? `code-interpreter-${randomUUID()}`;
  }

  /**
   * Creates a sandbox and starts it (`initialize()`), with its `initialFiles` written.
   *
   * @example
   * ```ts
   * const sandbox = await CodeInterpreterSandbox.create({ python: 'native', commandTimeoutMs: 60_000 });
   * ```
   */
  static async create(
    options: CodeInterpreterSandboxOptions = {},
  ): Promise<CodeInterpreterSandbox> {
    const sandbox = new CodeInterpreterSandbox(options);
    await sandbox.initialize();
    return sandbox;
  }

  /** True between a successful `initialize()` and `close()`. */
  get isRunning(): boolean {
    return this.#state === 'running';
  }

  /**
   * The code interpreter session behind the sandbox, for what deepagents does not offer (`run`
   * to execute code with state kept across calls, `files.list` ...).
   * @throws SandboxBackendError when the sandbox is not running
   */
  get session(): CodeInterpreterSession {
    return this.#running();
  }

  /**
   * Starts the sandbox: creates its interpreter (unless one was given), opens a session and
   * writes `initialFiles`. Throws `SandboxBackendError` when called twice
   * (`ALREADY_INITIALIZED`), after `close()` (`CLOSED`), or when an initial file is refused
   * (`FILE_OPERATION_FAILED`, and the sandbox is closed).
   */
  async initialize(): Promise<void> {
    if (this.#state === 'closed') {
      throw new SandboxBackendError({
        code: 'CLOSED',
        message: 'This sandbox is closed: create a new one with CodeInterpreterSandbox.create().',
      });
    }
    if (this.#state !== 'new') {
      throw new SandboxBackendError({
        code: 'ALREADY_INITIALIZED',
        message: 'This sandbox is already initialized; each sandbox is initialized once.',
      });
    }
    this.#state = 'starting';
    const { interpreter, memoryLimitMb, initialFiles = {} } = this.#options;
    try {
      this.#interpreter = interpreter ?? createCodeInterpreter(this.#interpreterOptions);
      this.#session = this.#interpreter.createSession(
        memoryLimitMb === undefined ? {} : { memoryLimitMb },
      );
      const refused: string[] = [];
      for (const [path, content] of Object.entries(initialFiles)) {
        const written = await this.#upload(path, content);
        if (written.error) refused.push(`${path}: ${written.message ?? written.error}`);
      }
      if (refused.length > 0) {
        throw new SandboxBackendError({
          code: 'FILE_OPERATION_FAILED',
          message: `The sandbox could not write its initial files (${refused.join('; ')}); fix or drop them.`,
        });
      }
      this.#state = 'running';
    } catch (error) {
      this.#state = 'running';
      await this.close();
      throw error;
    }
  }

  /**
   * Runs a bash command line in the workspace (`cwd` `/workspace`) and answers its combined
   * output (stdout, then stderr), exit code and whether the output was cut. A failing command is
   * data (`exitCode`), as is input the shell refuses (exit code 2 with the reason); a command
   * stopped at `commandTimeoutMs` answers 124 with a note.
   */
  async execute(command: string): Promise<ExecuteResponse> {
    const session = this.#running();
    const { commandTimeoutMs, env } = this.#options;
    try {
      const result = await session.exec({
        command,
        ...(commandTimeoutMs === undefined ? {} : { timeoutMs: commandTimeoutMs }),
        ...(env === undefined ? {} : { env }),
      });
      let output = result.stdout;
      if (result.stderr) {
        output += output && !output.endsWith('\n') ? `\n${result.stderr}` : result.stderr;
      }
      if (result.timedOut) {
        output += `${output && !output.endsWith('\n') ? '\n' : ''}[the command was stopped at its time limit]`;
      }
      return { output, exitCode: result.exitCode, truncated: result.truncated };
    } catch (error) {
      if (InvalidInputError.isInstance(error)) {
        return { output: error.message, exitCode: 2, truncated: false };
      }
      throw error;
    }
  }

  /**
   * Writes files (bytes as they are), making missing folders; one response per file, in order.
   * A refused file has `error` (`invalid_path` for `..` or a bad name, `is_directory` over a
   * folder, `permission_denied` over a workspace limit) and a `message` saying why; the others
   * are still written.
   */
  async uploadFiles(
    files: Array<[string, Uint8Array]>,
  ): Promise<CodeInterpreterSandboxUploadResponse[]> {
    this.#running();
    const responses: CodeInterpreterSandboxUploadResponse[] = [];
    for (const [path, content] of files) responses.push(await this.#upload(path, content));
    return responses;
  }

  /**
   * Reads files; one response per path, in order, with the bytes or an `error`
   * (`file_not_found`, `is_directory`, `invalid_path`, `permission_denied`) and a `message`.
   */
  async downloadFiles(paths: string[]): Promise<CodeInterpreterSandboxDownloadResponse[]> {
    const session = this.#running();
    const responses: CodeInterpreterSandboxDownloadResponse[] = [];
    for (const path of paths) {
      const target = resolveAgentPath(path);
      if (!target.ok) {
        responses.push({ path, content: null, error: target.error, message: target.message });
        continue;
      }
      try {
        responses.push({ path, content: await session.files.read(target.path), error: null });
      } catch (error) {
        responses.push({ path, content: null, ...fileOperationRefusal(error) });
      }
    }
    return responses;
  }

  /**
   * The files and folders directly in a folder, in name order, with `/workspace/...` paths
   * (folders end with `/`). A missing folder, or a file, lists as empty.
   */
  async ls(path: string): Promise<LsResult> {
    const session = this.#running();
    const target = resolveAgentPath(path);
    if (!target.ok) return { error: `Cannot list '${path}': ${target.message}` };
    try {
      const entries = await this.#entriesBelow(session, target.path, false);
      return { files: entries.map((entry) => fileInfo(entry, entry.path, true)) };
    } catch (error) {
      return { error: `Cannot list '${path}': ${fileOperationRefusal(error).message}` };
    }
  }

  /**
   * Lines `offset` to `offset + limit - 1` of a text file (its own lines, no numbers added), with
   * the window deepagents shows; an image, audio, video or PDF file comes whole as bytes.
   */
  async read(filePath: string, offset = 0, limit = 500): Promise<ReadResult> {
    const session = this.#running();
    const target = resolveAgentPath(filePath);
    if (!target.ok) return { error: `Cannot read '${filePath}': ${target.message}` };
    const mimeType = fileMediaType(target.path);
    let bytes: Uint8Array;
    try {
      bytes = await session.files.read(target.path);
    } catch (error) {
      return { error: readError(filePath, error) };
    }
    if (!isTextMediaType(mimeType)) return { content: bytes, mimeType };
    return { ...textWindow(new TextDecoder().decode(bytes), offset, limit), mimeType };
  }

  /** A whole file as deepagents' `FileData`: text decoded as UTF-8, other media as bytes. */
  async readRaw(filePath: string): Promise<ReadRawResult> {
    const session = this.#running();
    const target = resolveAgentPath(filePath);
    if (!target.ok) return { error: `Cannot read '${filePath}': ${target.message}` };
    try {
      const bytes = await session.files.read(target.path);
      const { mtimeMs } = await session.files.stat(target.path);
      const modified = new Date(mtimeMs).toISOString();
      const mimeType = fileMediaType(target.path);
      return {
        data: {
          content: isTextMediaType(mimeType) ? new TextDecoder().decode(bytes) : bytes,
          mimeType,
          created_at: modified,
          modified_at: modified,
        },
      };
    } catch (error) {
      return { error: readError(filePath, error) };
    }
  }

  /**
   * Finds a literal text (not a regular expression; case-sensitive) in the text files under a
   * folder, or in one file: `/workspace/...` paths, 1-based line numbers, in path then line
   * order. `glob` keeps the files whose name (or, with a `/`, whose path below `path`) matches.
   * Binary files are skipped. A missing path has no matches.
   */
  async grep(
    pattern: string,
    path: string | null = '/',
    glob: string | null = null,
    maxCount: number | null = null,
  ): Promise<GrepResult> {
    const session = this.#running();
    const target = resolveAgentPath(path ?? '/');
    if (!target.ok) return { error: `Cannot search '${path}': ${target.message}` };
    const fileFilter = glob ? globToRegExp(glob) : undefined;
    const matches: GrepMatch[] = [];
    try {
      const entries = await this.#entriesBelow(session, target.path, true);
      for (const entry of entries) {
        if (entry.type !== 'file' || !isTextMediaType(fileMediaType(entry.path))) continue;
        if (fileFilter) {
          const name = glob?.includes('/')
            ? relativeTo(target.path, entry.path)
            : entry.path.slice(entry.path.lastIndexOf('/') + 1);
          if (!fileFilter.test(name)) continue;
        }
        const bytes = await session.files.read(entry.path);
        if (bytes.subarray(0, binarySniffBytes).includes(0)) continue;
        const lines = new TextDecoder().decode(bytes).split('\n');
        if (lines.at(-1) === '') lines.pop();
        for (const [index, line] of lines.entries()) {
          if (!line.includes(pattern)) continue;
          if (maxCount != null && matches.length >= maxCount) return { matches, truncated: true };
          matches.push({ path: entry.path, line: index + 1, text: line });
        }
      }
    } catch (error) {
      return { error: `Cannot search '${path}': ${fileOperationRefusal(error).message}` };
    }
    return { matches };
  }

  /**
   * Files and folders under `path` whose path below it matches a glob (`*`, `**`, `?`, `[a-z]`,
   * `{a,b}`); results give that relative path (`src/app.py`). A pattern starting with `/` is
   * matched against the whole `/workspace/...` path instead, and results give it whole.
   */
  async glob(pattern: string, path = '/'): Promise<GlobResult> {
    const session = this.#running();
    const target = resolveAgentPath(path);
    if (!target.ok) return { error: `Cannot search '${path}': ${target.message}` };
    const absolutePattern = pattern.startsWith('/');
    let matcher: RegExp;
    try {
      matcher = globToRegExp(absolutePattern ? absoluteGlob(pattern) : pattern);
    } catch {
      return { error: `'${pattern}' is not a valid glob pattern` };
    }
    try {
      const entries = await this.#entriesBelow(session, target.path, true);
      const files: FileInfo[] = [];
      for (const entry of entries) {
        const shown = absolutePattern ? entry.path : relativeTo(target.path, entry.path);
        if (matcher.test(shown)) files.push(fileInfo(entry, shown, false));
      }
      return { files };
    } catch (error) {
      return { error: `Cannot search '${path}': ${fileOperationRefusal(error).message}` };
    }
  }

  /**
   * Writes a whole file (creating folders, replacing a file there). Text for text files; for an
   * image, audio, video or PDF path, `content` is base64 (as deepagents sends it).
   */
  async write(filePath: string, content: string): Promise<WriteResult> {
    this.#running();
    const bytes = isTextMediaType(fileMediaType(filePath))
      ? new TextEncoder().encode(content)
      : Buffer.from(content, 'base64');
    const written = await this.#upload(filePath, bytes);
    if (written.error) {
      return { error: `Failed to write to ${filePath}: ${written.message ?? written.error}` };
    }
    return { path: filePath, filesUpdate: null };
  }

  /**
   * Replaces `oldString` in a text file: it must occur once, or `replaceAll` replaces every
   * occurrence. An empty `oldString` writes `newString` into an empty file only.
   */
  async edit(
    filePath: string,
    oldString: string,
    newString: string,
    replaceAll = false,
  ): Promise<EditResult> {
    const session = this.#running();
    const target = resolveAgentPath(filePath);
    if (!target.ok) return { error: `Cannot edit '${filePath}': ${target.message}` };
    let text: string;
    try {
      text = await session.files.readText(target.path);
    } catch (error) {
      return { error: `Error: ${readError(filePath, error)}` };
    }
    let replaced: string;
    let occurrences: number;
    if (oldString === '') {
      if (text !== '') return { error: 'oldString must not be empty unless the file is empty' };
      replaced = newString;
      occurrences = newString === '' ? 0 : 1;
    } else {
      const parts = text.split(oldString);
      occurrences = parts.length - 1;
      if (occurrences === 0) return { error: `String not found in file '${filePath}'` };
      if (occurrences > 1 && !replaceAll) {
        return {
          error: `Multiple occurrences (${occurrences}) found in '${filePath}'. Use replaceAll=true to replace all, or include more context to make the string unique.`,
        };
      }
      replaced = parts.join(newString);
    }
    if (replaced !== text) {
      const written = await this.#upload(target.path, new TextEncoder().encode(replaced));
      if (written.error) {
        return {
          error: `Failed to write edited file '${filePath}': ${written.message ?? written.error}`,
        };
      }
    }
    return { path: filePath, filesUpdate: null, occurrences };
  }

  /** Removes a file, or a folder with all it holds. The workspace itself cannot be removed. */
  async delete(filePath: string): Promise<DeleteResult> {
    const session = this.#running();
    const target = resolveAgentPath(filePath);
    if (!target.ok) return { error: `Error: cannot delete '${filePath}': ${target.message}` };
    if (target.path === workspaceMount) {
      return {
        error: `Error: '${filePath}' is the workspace itself; delete the files in it instead`,
      };
    }
    try {
      if (!(await session.files.exists(target.path))) {
        return { error: `Error: '${filePath}' not found` };
      }
      await session.files.remove(target.path, { recursive: true });
      return { path: filePath, filesUpdate: null };
    } catch (error) {
      return {
        error: `Error deleting '${filePath}': ${fileOperationRefusal(error).message}`,
      };
    }
  }

  /**
   * Ends the session (its workspace is removed) and, when the sandbox created its interpreter,
   * the interpreter with its worker processes. Idempotent; later calls throw
   * `SandboxBackendError` (`CLOSED`).
   */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    const session = this.#session;
    const interpreter = this.#interpreter;
    this.#session = undefined;
    this.#interpreter = undefined;
    try {
      await session?.close();
    } finally {
      if (interpreter && interpreter !== this.#options.interpreter) await interpreter.close();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #running(): CodeInterpreterSession {
    if (this.#state === 'running' && this.#session) return this.#session;
    if (this.#state === 'starting' && this.#session) return this.#session;
    if (this.#state === 'closed') {
      throw new SandboxBackendError({
        code: 'CLOSED',
        message: 'This sandbox is closed: create a new one with CodeInterpreterSandbox.create().',
      });
    }
    throw new SandboxBackendError({
      code: 'NOT_INITIALIZED',
      message:
        'This sandbox is not started: call initialize() first, or use CodeInterpreterSandbox.create().',
    });
  }

  async #upload(
    path: string,
    content: string | Uint8Array,
  ): Promise<CodeInterpreterSandboxUploadResponse> {
    const session = this.#running();
    const target = resolveAgentPath(path);
    if (!target.ok) return { path, error: target.error, message: target.message };
    try {
      const existing = await session.files.stat(target.path).catch(() => undefined);
      if (existing?.type === 'directory') {
        return {
          path,
          error: 'is_directory',
          message: `EISDIR: '${target.path}' is a folder; write to a file inside it or delete it first`,
        };
      }
      await session.files.write(target.path, content);
      return { path, error: null };
    } catch (error) {
      return { path, ...fileOperationRefusal(error) };
    }
  }

  /** The entries of a folder (all levels with `recursive`), the file itself, or none when missing. */
  async #entriesBelow(
    session: CodeInterpreterSession,
    path: string,
    recursive: boolean,
  ): Promise<WorkspaceEntry[]> {
    let entry: WorkspaceEntry;
    try {
      entry = await session.files.stat(path);
    } catch (error) {
      if (
        WorkspaceError.isInstance(error) &&
        (error.code === 'ENOENT' || error.code === 'ENOTDIR')
      ) {
        return [];
      }
      throw error;
    }
    if (entry.type === 'file') return recursive ? [entry] : [];
    return session.files.list(path, { recursive });
  }
}

/** An entry as deepagents lists it; `ls` marks folders with a trailing `/`, glob does not. */
function fileInfo(entry: WorkspaceEntry, path: string, slashFolders: boolean): FileInfo {
  const isDirectory = entry.type === 'directory';
  return {
    path: isDirectory && slashFolders ? `${path}/` : path,
    is_dir: isDirectory,
    size: entry.size,
    modified_at: new Date(entry.mtimeMs).toISOString(),
  };
}

function relativeTo(base: string, path: string): string {
  return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : path;
}

/** A glob given as an absolute path, placed in the workspace as paths are. */
function absoluteGlob(pattern: string): string {
  const mount = `${workspaceMount}/`;
  if (pattern === workspaceMount || pattern.startsWith(mount)) return pattern;
  return `${workspaceMount}${pattern}`;
}

function readError(filePath: string, error: unknown): string {
  const refusal = fileOperationRefusal(error);
  if (refusal.error === 'file_not_found') return `File '${filePath}' not found`;
  if (refusal.error === 'is_directory') {
    return `'${filePath}' is a directory, not a file: list it with ls`;
  }
  return `Cannot read '${filePath}': ${refusal.message}`;
}
