import type { Socket } from 'node:net';
import { JsonLineReader } from './json-line-reader';
import type { SandboxExit } from './sandbox-process';
import { descendantPids, parentPid, waitUntilGone } from './sandbox-process-tree';

/** What a native sandbox needs of its box's process: a bubblewrap box, or a fork of a zygote. */
export interface BoxProcess {
  onMessage: ((message: unknown) => void) | undefined;
  onExit: ((exit: SandboxExit) => void) | undefined;
  readonly exit: SandboxExit | undefined;
  /** Host pid of the box's PID-namespace init: killing it ends every process of the box. */
  readonly initPid: number | undefined;
  readonly killReason: string | undefined;
  /** Host pid of the box's outermost process. */
  readonly pid: number;
  set maxMessageBytes(bytes: number);
  send(message: unknown): void;
  kill(reason?: string): void;
  dispose(): Promise<void>;
}

/**
 * A box forked by the zygote (see code_interpreter_native_zygote.py): its init is `pid` (pid 1 of
 * the box's own PID namespace, a child of the zygote), and its server speaks the usual protocol on
 * a unix socket of its own. The zygote reports the init's exit status; the box has exited once
 * that report (or the zygote's end) has come and the socket is closed.
 */
export class ForkedBox implements BoxProcess {
  onMessage: ((message: unknown) => void) | undefined;
  onExit: ((exit: SandboxExit) => void) | undefined;
  exit: SandboxExit | undefined;
  killReason: string | undefined;
  private status: SandboxExit | undefined;
  private socketClosed = false;
  private readonly reader: JsonLineReader;
  private readonly exited: Promise<SandboxExit>;
  private resolveExit!: (exit: SandboxExit) => void;

  constructor(
    private readonly socket: Socket,
    /** Host pid of the box's init. */
    readonly pid: number,
    /** Host pid of the zygote (the init's parent), checked before a kill. */
    private readonly zygotePid: number,
    maxMessageBytes: number,
  ) {
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
    this.reader = new JsonLineReader(
      maxMessageBytes,
      (message) => this.onMessage?.(message),
      (reason) => this.kill(`protocol violation: ${reason}`),
    );
    socket.on('data', (chunk: Buffer) => this.reader.push(chunk));
    socket.on('error', () => {
      // the box is gone: 'close' follows
    });
    socket.once('close', () => {
      this.socketClosed = true;
      this.settle();
    });
  }

  get initPid(): number {
    return this.pid;
  }

  set maxMessageBytes(bytes: number) {
    this.reader.maxLineBytes = bytes;
  }

  /** Bytes read with the hello line that belong to the protocol. */
  pushEarly(chunk: Buffer): void {
    if (chunk.length) this.reader.push(chunk);
  }

  /** The zygote reaped the init (or the zygote itself is gone: `status` unknown). */
  reportExit(status: SandboxExit | undefined): void {
    this.status ??= status ?? { code: null, signal: 'SIGKILL' };
    // The init is gone and every process of its namespace with it: the socket ends once what
    // they wrote last has been read.
    this.settle();
  }

  send(message: unknown): void {
    if (this.exit || this.socket.destroyed) return;
    this.socket.write(`${JSON.stringify(message)}\n`);
  }

  kill(reason = 'killed'): void {
    if (this.exit || this.status) return;
    this.killReason ??= reason;
    void parentPid(this.pid).then((parent) => {
      // Only while it is still the zygote's child: a reaped pid may name another process.
      if (parent !== this.zygotePid || this.status) return;
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    });
  }

  waitForExit(): Promise<SandboxExit> {
    return this.exited;
  }

  async dispose(): Promise<void> {
    const processes = this.exit ? [] : [this.pid, ...(await descendantPids(this.pid))];
    this.kill('disposed');
    await this.exited;
    this.socket.destroy();
    await waitUntilGone(processes, 5000);
  }

  private settle(): void {
    if (this.exit || !this.socketClosed || !this.status) return;
    this.exit = this.status;
    this.resolveExit(this.status);
    this.onExit?.(this.status);
  }
}
