import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { RuntimeUnavailableError } from '../../../errors/runtime-unavailable-error';
import { SandboxError } from '../../../errors/sandbox-error';
import { JsonLineReader } from './json-line-reader';
import { childPids, descendantPids, parentPid, waitUntilGone } from './sandbox-process-tree';

/** How the sandbox's process ended. */
export interface SandboxExit {
  /** Exit code of bubblewrap: the program's own code, or 128 + signal number when killed. */
  code: number | null;
  /** Signal that ended bubblewrap itself (SIGKILL when the host killed it). */
  signal: NodeJS.Signals | null;
}

/** What {@link SandboxProcess.start} needs. */
export interface SandboxProcessOptions {
  bwrapPath: string;
  bwrapArguments: readonly string[];
  /**
   * A program and its arguments that start bubblewrap (appended after them), e.g. nsenter into
   * the workspace mount namespace. It sets the box's user itself: the host's own is kept.
   */
  launcher?: readonly string[];
  /** The first message: the sources to load and the limits to apply. */
  boot: Record<string, unknown>;
  /** Most milliseconds to wait for the sandbox to answer ready. */
  startTimeoutMs: number;
  /** Largest protocol message accepted from the sandbox, in bytes. */
  maxMessageBytes: number;
  /** A seccomp BPF program, handed to bubblewrap on fd {@link seccompFd}. */
  seccompFilter?: Buffer;
  /** Aborts the start (the runtime is closing): the process is killed and start rejects. */
  signal?: AbortSignal;
}

/** The fd on which bubblewrap reads the seccomp program (after stdin/out/err and the two protocol pipes). */
export const seccompFd = 5;

/** The unprivileged user the sandbox runs as when the host process is root (nobody/nogroup). */
const unprivilegedId = 65534;
const maxDiagnosticChars = 16 * 1024;

/**
 * One bubblewrap sandbox running the Python server: spawns it, speaks the line-delimited JSON
 * protocol over private pipes (fds 3 and 4 of the sandbox), and kills it as a whole.
 *
 * Killing: the host SIGKILLs the sandbox's PID-namespace init (the inner bubblewrap), which makes
 * the kernel kill every process in the namespace; the outer bubblewrap then reaps it and exits,
 * so nothing is left, not even a zombie. The outer one is killed too if it lingers.
 */
export class SandboxProcess {
  /** Receives each message the sandbox sends (untrusted: validate before use). */
  onMessage: ((message: unknown) => void) | undefined;
  /** Called once when the sandbox's process has exited. */
  onExit: ((exit: SandboxExit) => void) | undefined;
  /** Set once the process has exited. */
  exit: SandboxExit | undefined;
  /** Host pid of the PID-namespace init (inner bubblewrap), once known. */
  initPid: number | undefined;
  /** Why the host killed the process, if it did. */
  killReason: string | undefined;

  private readonly reader: JsonLineReader;
  private readonly input: Writable;
  private diagnostics = '';
  private readonly exited: Promise<SandboxExit>;

  private constructor(
    private readonly child: ChildProcess,
    maxMessageBytes: number,
  ) {
    this.input = child.stdio[3] as Writable;
    this.input.on('error', () => {
      // EPIPE when the sandbox is gone: the exit handler reports it.
    });
    this.reader = new JsonLineReader(
      maxMessageBytes,
      (message) => this.onMessage?.(message),
      (reason) => this.kill(`protocol violation: ${reason}`),
    );
    (child.stdio[4] as Readable).on('data', (chunk: Buffer) => this.reader.push(chunk));
    for (const stream of [child.stdout, child.stderr]) {
      // Only what bubblewrap or Python print before the server takes over fds 1 and 2.
      stream?.on('data', (chunk: Buffer) => {
        if (this.diagnostics.length < maxDiagnosticChars) {
          this.diagnostics += chunk
            .toString('utf8')
            .slice(0, maxDiagnosticChars - this.diagnostics.length);
        }
      });
    }
    this.exited = new Promise((resolve) => {
      const exited = (exit: SandboxExit) => {
        if (this.exit) return;
        this.exit = exit;
        resolve(exit);
        this.onExit?.(exit);
      };
      // 'close', not 'exit': it comes after every pipe is drained, so the last messages (output
      // printed just before os._exit, say) are read before the exit is reported.
      child.once('close', (code, signal) => exited({ code, signal }));
      // A process that could not be spawned emits 'error' and never 'exit'.
      child.once('error', () => {
        if (child.pid === undefined) exited({ code: null, signal: null });
      });
    });
  }

  /** Host pid of the outer bubblewrap process. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Largest protocol message accepted from now on, in bytes. */
  set maxMessageBytes(bytes: number) {
    this.reader.maxLineBytes = bytes;
  }

  /** What bubblewrap or Python printed while starting, for error messages. */
  get startupDiagnostics(): string {
    return this.diagnostics.trim();
  }

  /** Starts a sandbox and waits until its server is ready. */
  static async start(options: SandboxProcessOptions): Promise<SandboxProcess> {
    const asRoot = process.getuid?.() === 0;
    const [command, ...args] = [
      ...(options.launcher ?? []),
      options.bwrapPath,
      ...options.bwrapArguments,
    ] as [string, ...string[]];
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', options.seccompFilter ? 'pipe' : 'ignore'],
      env: {},
      cwd: '/',
      // A root host runs sandboxes as nobody: RLIMIT_NPROC does not apply to root, and a
      // sandbox escape should land as an unprivileged user.
      ...(asRoot && !options.launcher ? { uid: unprivilegedId, gid: unprivilegedId } : {}),
    });
    const sandbox = new SandboxProcess(child, options.maxMessageBytes);
    if (options.seccompFilter) {
      const filterPipe = (child.stdio as unknown as Writable[])[seccompFd] as Writable;
      filterPipe.on('error', () => {
        // bubblewrap failed before reading it: the exit handler reports why
      });
      filterPipe.end(options.seccompFilter);
    }
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new SandboxError({
                message: `The Python sandbox did not start within ${options.startTimeoutMs} ms.`,
              }),
            ),
          options.startTimeoutMs,
        );
        sandbox.onMessage = (message) => {
          if (
            message &&
            typeof message === 'object' &&
            (message as { type?: unknown }).type === 'ready'
          ) {
            clearTimeout(timer);
            resolve();
          }
        };
        sandbox.onExit = (exit) => {
          clearTimeout(timer);
          // Let the last diagnostics arrive before composing the error.
          setTimeout(() => reject(startFailure(sandbox.startupDiagnostics, exit)), 20);
        };
        void spawnError.then((error) => {
          clearTimeout(timer);
          reject(
            new SandboxError({
              message: `Cannot start bubblewrap (${options.bwrapPath}): ${error.message}`,
              cause: error,
            }),
          );
        });
        const onAbort = () => {
          clearTimeout(timer);
          reject(new SandboxError({ message: 'The native Python runtime is closed.' }));
        };
        if (options.signal?.aborted) return onAbort();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        sandbox.send(options.boot);
      });
    } catch (error) {
      await sandbox.dispose();
      throw error;
    } finally {
      sandbox.onMessage = undefined;
      sandbox.onExit = undefined;
    }
    const [init] = await childPids(sandbox.pid);
    sandbox.initPid = init;
    return sandbox;
  }

  /** Sends one protocol message. */
  send(message: unknown): void {
    if (this.exit || this.input.destroyed) return;
    this.input.write(`${JSON.stringify(message)}\n`);
  }

  /** Kills every process of the sandbox (idempotent); `exited` resolves once it is gone. */
  kill(reason = 'killed'): void {
    if (this.exit) return;
    this.killReason ??= reason;
    const outer = this.pid;
    void (async () => {
      // Before the server is ready initPid is not known yet: look it up, so that the outer
      // bubblewrap reaps it (killed first, the outer one would leave its child to the host's init).
      const init = this.initPid ?? (await childPids(outer))[0];
      if (init !== undefined && (await parentPid(init)) === outer) {
        try {
          process.kill(init, 'SIGKILL');
        } catch {
          // already gone
        }
        // The outer bubblewrap exits on its own once its child is gone.
        await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
      }
      if (!this.exit) {
        try {
          process.kill(outer, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    })();
  }

  /** Resolves when the sandbox's outer process has exited. */
  waitForExit(): Promise<SandboxExit> {
    return this.exited;
  }

  /** Kills the sandbox and waits until none of its processes is left. Idempotent. */
  async dispose(): Promise<void> {
    const processes = this.exit ? [] : [this.pid, ...(await descendantPids(this.pid))];
    this.kill('disposed');
    await this.exited;
    for (const stream of [this.child.stdout, this.child.stderr, this.child.stdio[4] as Readable])
      stream?.destroy();
    this.input.destroy();
    await waitUntilGone(processes, 5000);
  }
}

function startFailure(diagnostics: string, exit: SandboxExit): Error {
  const detail = diagnostics
    ? `: ${diagnostics}`
    : ` (exit code ${exit.code}, signal ${exit.signal})`;
  if (/^bwrap: Unknown option/m.test(diagnostics)) {
    return new RuntimeUnavailableError({
      runtime: 'python-native',
      message: `This bubblewrap is too old for the native Python runtime${detail}. Install bubblewrap 0.5 or later (Debian 12, Ubuntu 22.04 and later have it).`,
    });
  }
  if (/^bwrap:/m.test(diagnostics)) {
    return new RuntimeUnavailableError({
      runtime: 'python-native',
      message:
        `bubblewrap could not create the Python sandbox${detail}. The kernel must allow unprivileged user namespaces ` +
        '(sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04+ allow them for bwrap through AppArmor; inside Docker ' +
        'the default seccomp profile blocks them). Otherwise use the Pyodide runtime.',
    });
  }
  return new SandboxError({ message: `The Python sandbox failed to start${detail}` });
}
