import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { basename, join } from 'node:path';
import { SandboxError } from '../../../errors/sandbox-error';
import { ForkedBox } from './forked-box';
import { SandboxProcess, type SandboxProcessOptions } from './sandbox-process';
import { childPids } from './sandbox-process-tree';
import { makeOwnTempFolder, removeStaleTempFolders } from './stale-temp-folders';

/** What a fork needs: the box's slot, the server's boot message, and what to do before it runs. */
export interface ZygoteForkOptions {
  /** Host path of the box's slot (a folder of the workspace namespace's slots folder). */
  slot: string;
  /** Sent to the box's init, which starts the server with it: limits, stateful, seccomp. */
  go: Record<string, unknown>;
  /** Runs with the init's host pid before the server starts (e.g. moving it into a cgroup). */
  adopt?: (initHostPid: number) => Promise<void> | void;
  maxMessageBytes: number;
  startTimeoutMs: number;
}

type Pending = {
  forked?: number;
  socket?: Socket;
  early?: Buffer;
  failed?: string;
  box?: ForkedBox;
  changed: () => void;
};

/**
 * A zygote: one bubblewrap box whose Python has imported the driver and the server and forks a
 * fresh box per sandbox (code_interpreter_native_zygote.py says what each fork gets of its own).
 * The host talks to each fork on a unix socket of this zygote's folder, which the fork connects
 * to (with a one-time token) before it covers the folder.
 */
export class NativePythonZygote {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly byToken = new Map<string, number>();
  private retired = false;
  private live = 0;
  /** Forks made so far (see `usable`). */
  private forks = 0;
  private readonly startedAt = Date.now();

  private constructor(
    private readonly process: SandboxProcess,
    private readonly server: Server,
    private readonly folder: string,
    /** Host pid of the zygote's python (every fork's init is its child). */
    private readonly pythonPid: number,
    /** Whether the zygote's boxes get the prebuilt matplotlib font list. */
    readonly hasFonts: boolean,
    /** How long, and for how many forks, this zygote forks boxes (see `usable`). */
    private readonly life: ZygoteLife,
  ) {
    process.onMessage = (raw) => this.onZygoteMessage(raw);
    process.onExit = () => {
      for (const entry of this.pending.values()) {
        entry.failed ??= 'the zygote exited';
        entry.box?.reportExit(undefined);
        entry.changed();
      }
      this.server.close();
    };
  }

  /** A folder for the zygote's socket, before the zygote starts (its path goes into the box). */
  static socketFolder(): { folder: string; socketPath: string } {
    const folder = makeOwnTempFolder(socketFolderPrefix);
    // A root host's boxes run as nobody: they may reach the socket, not list the folder.
    chmodSync(folder, 0o711);
    return { folder, socketPath: join(folder, 'box.sock') };
  }

  /**
   * Removes the socket folders of zygotes whose host process is gone (a worker killed before it
   * closed its runtime): their names hold that process's pid.
   */
  static removeStaleSocketFolders(): void {
    removeStaleTempFolders(socketFolderPrefix);
  }

  /** Starts the zygote's box and the socket its forks connect to. */
  static async start(
    options: SandboxProcessOptions & {
      folder: string;
      socketPath: string;
      hasFonts: boolean;
      /** @default 60 s and 500 forks */
      life?: ZygoteLife;
    },
  ): Promise<NativePythonZygote> {
    const byToken = new Map<string, (socket: Socket, early: Buffer) => void>();
    const server = createServer((socket) => acceptHello(socket, byToken));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.socketPath, () => resolve());
    });
    chmodSync(options.socketPath, 0o666);
    let process: SandboxProcess;
    try {
      process = await SandboxProcess.start(options);
    } catch (error) {
      server.close();
      rmSync(options.folder, { recursive: true, force: true });
      throw error;
    }
    const [pythonPid] = await childPids(process.initPid ?? -1);
    const zygote = new NativePythonZygote(
      process,
      server,
      options.folder,
      pythonPid ?? -1,
      options.hasFonts,
      options.life ?? defaultZygoteLife,
    );
    zygote.hello = byToken;
    return zygote;
  }

  private hello: Map<string, (socket: Socket, early: Buffer) => void> = new Map();

  /**
   * True while the zygote runs and takes new forks: until it has lived its `life` (60 s and 500
   * forks by default). Every box forked from one zygote shares what Python and the loader fixed
   * at its start (the str hash secret, the address layout); a fresh zygote bounds how many
   * sandboxes, and over how long, share them.
   */
  get usable(): boolean {
    return (
      !this.retired &&
      !this.process.exit &&
      this.forks < this.life.maxForks &&
      Date.now() - this.startedAt < this.life.maxAgeMs
    );
  }

  /** Forks a new box and waits until its server is ready. */
  async fork(options: ZygoteForkOptions): Promise<ForkedBox> {
    if (this.retired || this.process.exit)
      throw new SandboxError({ message: 'The native Python zygote is not running.' });
    const id = ++this.nextId;
    this.forks++;
    const token = randomBytes(16).toString('hex');
    let wake: () => void = () => {};
    const entry: Pending = { changed: () => wake() };
    this.pending.set(id, entry);
    this.byToken.set(token, id);
    this.hello.set(token, (socket, early) => {
      entry.socket = socket;
      entry.early = early;
      entry.changed();
    });
    this.live++;
    const deadline = Date.now() + options.startTimeoutMs;
    const until = async (ready: () => boolean) => {
      while (!ready()) {
        if (entry.failed)
          throw new SandboxError({ message: `Cannot fork a Python sandbox: ${entry.failed}` });
        const left = deadline - Date.now();
        if (left <= 0)
          throw new SandboxError({
            message: `The Python sandbox did not start within ${options.startTimeoutMs} ms.`,
          });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    };
    try {
      this.process.send({ type: 'fork', id, token, slot: basename(options.slot) });
      await until(() => entry.forked !== undefined && entry.socket !== undefined);
      const initPid = hostPidOfChild(this.pythonPid, entry.forked as number);
      if (initPid === undefined)
        throw new SandboxError({ message: 'The forked Python sandbox is gone.' });
      const box = new ForkedBox(
        entry.socket as Socket,
        initPid,
        this.pythonPid,
        options.maxMessageBytes,
      );
      entry.box = box;
      let ready = false;
      box.onMessage = (message) => {
        const { type, message: text } = (message ?? {}) as { type?: unknown; message?: unknown };
        if (type === 'ready') ready = true;
        if (type === 'start-failed') entry.failed ??= String(text).slice(0, 2000);
        entry.changed();
      };
      box.onExit = () => {
        entry.failed ??= 'the box exited while starting';
        entry.changed();
      };
      box.pushEarly(entry.early ?? Buffer.alloc(0));
      try {
        await options.adopt?.(initPid);
        box.send(options.go);
        await until(() => ready);
      } catch (error) {
        await box.dispose();
        throw error;
      }
      box.onMessage = undefined;
      box.onExit = undefined;
      void box.waitForExit().then(() => this.forget(id));
      return box;
    } catch (error) {
      if (!entry.box) {
        entry.socket?.destroy();
        this.forget(id);
      }
      throw error;
    } finally {
      this.hello.delete(token);
      this.byToken.delete(token);
    }
  }

  /** Takes no new forks; closes once its last box has ended. */
  retire(): void {
    this.retired = true;
    if (this.live === 0) void this.close();
  }

  /** True once the zygote nears the end of its life (see `usable`): its successor may start. */
  get nearlyUsedUp(): boolean {
    // The last tenth of its forks, or the last sixth of its time (10 s of 60).
    return (
      this.forks >= this.life.maxForks - Math.ceil(this.life.maxForks / 10) ||
      Date.now() - this.startedAt >= this.life.maxAgeMs - this.life.maxAgeMs / 6
    );
  }

  /** Kills the zygote (and with it every box it forked) and removes its socket. */
  async close(): Promise<void> {
    this.retired = true;
    await this.process.dispose();
    this.server.close();
    rmSync(this.folder, { recursive: true, force: true });
  }

  private forget(id: number): void {
    if (!this.pending.delete(id)) return;
    this.live--;
    if (this.retired && this.live === 0) void this.close();
  }

  private onZygoteMessage(raw: unknown): void {
    if (!raw || typeof raw !== 'object') return;
    const message = raw as {
      type?: unknown;
      id?: unknown;
      pid?: unknown;
      message?: unknown;
      code?: unknown;
      signal?: unknown;
    };
    const entry = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!entry) return;
    if (message.type === 'forked' && typeof message.pid === 'number') {
      entry.forked = message.pid;
    } else if (message.type === 'fork-failed') {
      entry.failed = String(message.message).slice(0, 2000);
    } else if (message.type === 'exited') {
      const code = typeof message.code === 'number' ? message.code : null;
      const signal = typeof message.signal === 'number' ? signalName(message.signal) : null;
      entry.failed ??= `the box exited (code ${code}, signal ${signal})`;
      entry.box?.reportExit({ code, signal });
    }
    entry.changed();
  }
}

/** How long, and for how many forks, a zygote forks boxes before a fresh one replaces it. */
export interface ZygoteLife {
  maxAgeMs: number;
  maxForks: number;
}

const defaultZygoteLife: ZygoteLife = { maxAgeMs: 60_000, maxForks: 500 };

/** Start of a zygote's socket folder name in the host's temporary folder, then the host's pid. */
const socketFolderPrefix = 'code-interpreter-zygote-';

/** Reads the hello line of a fork's connection and hands the socket to the fork waiting for it. */
function acceptHello(
  socket: Socket,
  byToken: Map<string, (socket: Socket, early: Buffer) => void>,
): void {
  let buffered = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), 10_000);
  socket.on('error', () => socket.destroy());
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf(10);
    if (end < 0) {
      if (buffered.length > 1024) socket.destroy();
      return;
    }
    socket.off('data', onData);
    clearTimeout(timer);
    let token: unknown;
    try {
      token = (JSON.parse(buffered.subarray(0, end).toString('utf8')) as { token?: unknown }).token;
    } catch {
      token = undefined;
    }
    const take = typeof token === 'string' ? byToken.get(token) : undefined;
    if (!take) return void socket.destroy();
    byToken.delete(token as string);
    take(socket, buffered.subarray(end + 1));
  };
  socket.on('data', onData);
}

/** The host pid of the zygote's child whose pid in the zygote's namespace is `nsPid`. */
function hostPidOfChild(zygotePid: number, nsPid: number): number | undefined {
  let children: string[];
  try {
    children = readFileSync(`/proc/${zygotePid}/task/${zygotePid}/children`, 'utf8').split(' ');
  } catch {
    return undefined;
  }
  // The zygote's level is the one below the host's view of its own pid namespace.
  const zygoteLevels = nsPidLevels(zygotePid);
  for (const word of children) {
    const pid = Number(word);
    if (!word.trim() || !Number.isSafeInteger(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const levels = /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/).map(Number) ?? [];
      if (levels[zygoteLevels - 1] === nsPid) return pid;
    } catch {
      // ended meanwhile
    }
  }
  return undefined;
}

function nsPidLevels(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/).length ?? 1;
  } catch {
    return 1;
  }
}

const signalNames: Record<number, NodeJS.Signals> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  6: 'SIGABRT',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  15: 'SIGTERM',
  24: 'SIGXCPU',
  25: 'SIGXFSZ',
};

function signalName(signal: number): NodeJS.Signals {
  return signalNames[signal] ?? 'SIGKILL';
}
