import { statSync } from 'node:fs';
import { SandboxError } from '../../../errors/sandbox-error';
import { resultCaps } from '../../../result/result-caps';
import type { RunWorkspace } from '../../../workspace/run-workspace';
import type { Sandbox, SandboxRunOutcome, SandboxRunRequest } from '../../sandbox-runtime';
import { driverResultMaxChars } from '../driver-result-max-chars';
import { CappedStreamText } from './capped-stream-text';
import type { BoxProcess } from './forked-box';
import { type NativePythonStop, readDriverResult, stoppedOutcome } from './native-python-outcome';
import type { SandboxCgroup } from './sandbox-cgroup';
import {
  descendantPids,
  fileSystemUsage,
  namespaceSocketCount,
  processesMemoryBytes,
} from './sandbox-process-tree';
import { giveWorkspaceFolderTo, workspaceOverLimit } from './workspace-usage';

/** What shows a box its run's workspace at `/workspace` (see workspace-mount-namespace.ts). */
export interface BoxWorkspaceSlot {
  /** Shows this host folder at the box's `/workspace`, replacing what it showed. */
  show(folder: string): Promise<void>;
  /** Shows the box's empty read-only folder at `/workspace` again. */
  hide(): Promise<void>;
  /** Frees the slot once the box is gone. */
  remove(): Promise<void>;
}

/** Limits the host enforces while a run is in progress. */
export interface NativePythonSandboxSettings {
  stateful: boolean;
  memoryLimitMb: number;
  /** Most inodes in use across /tmp and /dev/shm (each costs host kernel memory). */
  maxTmpFiles: number;
  /**
   * Most MB in /tmp and /dev/shm together. bubblewrap's `--size` enforces it already where
   * supported; older bubblewraps mount unlimited tmpfs, and this check is what bounds them.
   */
  maxTmpMb: number;
  /** How often the host samples memory and files during a run, in ms. */
  watchdogIntervalMs: number;
  /**
   * How often the host counts the files and bytes of the run's workspace, in ms (a walk of up to
   * `maxFiles` entries, so less often than the memory sample).
   */
  workspaceWatchIntervalMs: number;
  /** The user to give workspace files to before a run (a root host's boxes run as nobody). */
  workspaceOwner?: number;
  /** Memory (bytes) the idle server used when it became ready; runs are charged above it. */
  baselineMemoryBytes: number;
  /**
   * Bytes the sampler charges for each socket of the box: the most its buffers can hold in the
   * kernel, where no process's memory shows them. 0 when the box's cgroup counts kernel memory.
   */
  socketChargeBytes: number;
}

type Message = {
  type?: unknown;
  id?: unknown;
  callId?: unknown;
  name?: unknown;
  input?: unknown;
  stream?: unknown;
  text?: unknown;
  result?: unknown;
  message?: unknown;
};

/**
 * A native Python sandbox: one bubblewrap process running the server and driver. Stateless
 * sandboxes run once; stateful ones keep the interpreter (and so the session's namespace) across
 * runs. The run's workspace folder is shown at `/workspace`, the program's working directory
 * (bound when the run arrives, so a box booted ahead of time still sees it; a session's folder
 * stays bound between its runs). Runs are queued one after another. Any stop forced by the host (timeout, memory, files,
 * abort) kills the whole process, and the sandbox cannot run again.
 */
export class NativePythonSandbox implements Sandbox {
  private runs = 0;
  private nextId = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** The host folder the box shows at `/workspace` now, and which directory it was. */
  private shown: { folder: string; dev: number; ino: number } | undefined;

  constructor(
    private readonly child: BoxProcess,
    private readonly settings: NativePythonSandboxSettings,
    /** The box's own cgroup, where the host has them; removed with the sandbox. */
    private readonly cgroup?: SandboxCgroup,
    /** Where the run's workspace is shown to the box; without it, the box has no workspace. */
    private readonly slot?: BoxWorkspaceSlot,
  ) {}

  run(request: SandboxRunRequest): Promise<SandboxRunOutcome> {
    if (this.disposed) {
      return Promise.reject(
        new SandboxError({ message: 'This Python sandbox was disposed: create a new one.' }),
      );
    }
    if (request.language !== 'python') {
      return Promise.reject(
        new SandboxError({
          message: `The native Python runtime runs Python, not ${request.language}.`,
        }),
      );
    }
    if (!this.settings.stateful && this.runs > 0) {
      return Promise.reject(
        new SandboxError({ message: 'A stateless Python sandbox runs once: create a new one.' }),
      );
    }
    this.runs++;
    const outcome = this.queue.then(() => this.execute(request));
    this.queue = outcome.catch(() => undefined);
    return outcome;
  }

  /** Host pids of every process of the sandbox (bubblewrap, python, its children), for diagnostics. */
  async hostPids(): Promise<number[]> {
    if (this.child.exit) return [];
    return [this.child.pid, ...(await descendantPids(this.child.pid))];
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.child.dispose();
    await this.cgroup?.remove();
    await this.slot?.remove();
  }

  /**
   * Shows the run's workspace folder at the box's `/workspace` (a session's stays shown between
   * runs: the same folder is not bound again); a run without one sees an empty read-only folder.
   */
  private async showWorkspace(workspace: RunWorkspace | undefined): Promise<void> {
    if (!this.slot) return;
    if (!workspace) {
      if (this.shown) await this.slot.hide();
      this.shown = undefined;
      return;
    }
    const folder = workspace.folder();
    const owner = this.settings.workspaceOwner;
    if (owner !== undefined) giveWorkspaceFolderTo(folder, owner);
    const stats = statSync(folder);
    const shown = this.shown;
    if (shown && shown.folder === folder && shown.dev === stats.dev && shown.ino === stats.ino)
      return;
    this.shown = undefined;
    await this.slot.show(folder);
    this.shown = { folder, dev: stats.dev, ino: stats.ino };
  }

  private async execute(request: SandboxRunRequest): Promise<SandboxRunOutcome> {
    const child = this.child;
    const { stateful, memoryLimitMb, maxTmpFiles, maxTmpMb } = this.settings;
    const maxChars = request.maxOutputChars;
    const output = {
      stdout: new CappedStreamText(maxChars, 'stdout'),
      stderr: new CappedStreamText(maxChars, 'stderr'),
    };
    const streamed = { stdout: 0, stderr: 0 };
    const context = {
      timeoutMs: request.timeoutMs,
      memoryLimitMb,
      maxTmpFiles,
      maxTmpMb,
      stateful,
      ...(request.workspace ? { workspaceLimits: request.workspace.limits } : {}),
    };

    if (child.exit || this.disposed) {
      return Promise.resolve(stoppedOutcome('gone', { ...context, exit: child.exit }, output));
    }

    await this.showWorkspace(request.workspace);
    const workspaceFolder = this.shown?.folder;
    if (child.exit || this.disposed) {
      return stoppedOutcome('gone', { ...context, exit: child.exit }, output);
    }
    const id = ++this.nextId;
    // The driver cuts every field to its cap; its protocol messages are ASCII JSON.
    // A tool call carries its input (up to 1 MB of JSON by default, escaped to ASCII: the relay
    // refuses what is over the application's limit).
    child.maxMessageBytes =
      driverResultMaxChars(maxChars) + 64 * 1024 + (request.tools ? 8 * 1024 * 1024 : 0);

    return new Promise<SandboxRunOutcome>((resolve) => {
      let stop: NativePythonStop | undefined;
      let settled = false;
      let checking = false;
      let workspaceCheckedAt = performance.now();

      const settle = (outcome: SandboxRunOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(watchdog);
        request.signal.removeEventListener('abort', onAbort);
        child.onMessage = undefined;
        child.onExit = undefined;
        resolve(outcome);
      };
      const halt = (reason: NativePythonStop) => {
        stop ??= reason;
        child.kill(reason);
      };
      const onAbort = () => halt('aborted');

      child.onExit = (exit) => {
        const killedBecause = child.killReason ?? '';
        const reason =
          stop ??
          // The kernel's OOM killer may have ended the server itself.
          (this.cgroup?.memoryLimitHit()
            ? 'memory'
            : killedBecause === 'disposed'
              ? 'aborted'
              : killedBecause.startsWith('protocol')
                ? 'protocol'
                : 'crashed');
        settle(stoppedOutcome(reason, { ...context, exit }, output));
      };
      child.onMessage = (raw) => {
        if (stop || !raw || typeof raw !== 'object') return;
        const message = raw as Message;
        if (message.id !== id) return;
        if (message.type === 'output') {
          if (
            (message.stream !== 'stdout' && message.stream !== 'stderr') ||
            typeof message.text !== 'string'
          )
            return;
          const stream = message.stream;
          output[stream].add(message.text);
          const room = maxChars - streamed[stream];
          if (room > 0 && request.onOutput) {
            const text = message.text.slice(0, room);
            streamed[stream] += text.length;
            try {
              request.onOutput({ stream, text });
            } catch {
              // a listener's fault must not break the run
            }
          }
        } else if (message.type === 'tool-call') {
          this.answerToolCall(request, message, () => settled || stop !== undefined);
        } else if (message.type === 'result') {
          const outcome = readDriverResult(message.result, maxChars);
          if (!outcome) return halt('protocol');
          settle(outcome);
        } else if (message.type === 'failed') {
          const detail =
            typeof message.message === 'string'
              ? message.message.slice(0, 2000)
              : 'unknown failure';
          const outcome = stoppedOutcome('crashed', context, output);
          outcome.error = { name: 'SandboxError', message: `The Python driver failed: ${detail}` };
          outcome.reusable = true;
          settle(outcome);
        }
      };

      const timer = setTimeout(() => halt('timeout'), request.timeoutMs);
      const watchdog = setInterval(() => {
        if (checking || stop || settled) return;
        checking = true;
        const checkWorkspace =
          workspaceFolder !== undefined &&
          performance.now() - workspaceCheckedAt >= this.settings.workspaceWatchIntervalMs;
        void this.overLimit(checkWorkspace ? request.workspace : undefined)
          .then((over) => {
            if (over && !settled) halt(over);
          })
          .finally(() => {
            checking = false;
            if (checkWorkspace) workspaceCheckedAt = performance.now();
          });
      }, this.settings.watchdogIntervalMs);
      request.signal.addEventListener('abort', onAbort);
      if (request.signal.aborted) return halt('aborted');

      child.send({
        type: 'run',
        id,
        code: request.code,
        maxOutputChars: maxChars,
        timeoutMs: request.timeoutMs,
        resultCaps,
        ...(request.workspace ? { maxFileBytes: request.workspace.limits.maxFileBytes } : {}),
        ...(request.tools ? { tools: request.tools.names } : {}),
        ...(request.tools?.network ? { network: true } : {}),
      });
    });
  }

  /**
   * Relays a tool call of the program to the run's tools and sends the answer into the box while
   * the run is in progress (the program waits for it on its protocol pipe).
   */
  private answerToolCall(request: SandboxRunRequest, message: Message, over: () => boolean): void {
    const { callId, name, input } = message;
    if (typeof callId !== 'number' || !Number.isSafeInteger(callId)) return;
    const answering =
      request.tools && typeof name === 'string' && typeof input === 'string'
        ? request.tools.call(name, input)
        : Promise.resolve({ ok: false as const, message: 'This run has no tools.' });
    void answering.then((answer) => {
      if (over() || this.child.exit || this.disposed) return;
      this.child.send({
        type: 'tool-result',
        callId,
        ok: answer.ok,
        text: answer.ok ? answer.json : answer.message,
      });
    });
  }

  /**
   * Checks the sandbox: its cgroup's OOM count where it has one; the memory of its processes
   * (plus what its sockets can hold, where no cgroup counts kernel memory); files in its
   * writable tmpfs mounts; the files and bytes of the run's workspace when one is given.
   */
  private async overLimit(workspace?: RunWorkspace): Promise<NativePythonStop | undefined> {
    if (this.cgroup?.memoryLimitHit()) return 'memory';
    const init = this.child.initPid;
    if (init === undefined) return undefined;
    const pids = await descendantPids(init);
    const { socketChargeBytes } = this.settings;
    const sockets = socketChargeBytes ? await namespaceSocketCount(init) : 0;
    const used =
      (await processesMemoryBytes(pids)) -
      this.settings.baselineMemoryBytes +
      sockets * socketChargeBytes;
    if (used > this.settings.memoryLimitMb * 1024 * 1024) return 'memory';
    const tmp = await fileSystemUsage(init, '/tmp');
    const shm = await fileSystemUsage(init, '/dev/shm');
    if (tmp.files + shm.files > this.settings.maxTmpFiles) return 'files';
    // A little slack: with --size the tmpfs itself stops writes at the limit with ENOSPC.
    if (tmp.bytes + shm.bytes > (this.settings.maxTmpMb + 1) * 1024 * 1024) return 'disk';
    if (workspace && this.shown) return workspaceOverLimit(this.shown.folder, workspace.limits);
    return undefined;
  }
}
