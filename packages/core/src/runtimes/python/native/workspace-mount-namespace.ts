import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SandboxError } from '../../../errors/sandbox-error';

/** The unprivileged user boxes run as when the host process is root (nobody/nogroup). */
export const sandboxUserId = 65534;

/**
 * The helper, run by the host's python3 (host code, never user code). It makes a mount namespace
 * of its own (plus a user namespace when not root, to be allowed to mount in it), turns its copy
 * of the host's mounts into slaves (nothing it mounts reaches the host), and binds the slots
 * folder on itself as a shared mount. Each box is started inside this namespace, so its
 * `/workspace` (a bind of its slot) is a slave of that shared mount: a workspace folder the
 * helper later binds on the slot appears at `/workspace` in the running box, and goes when the
 * helper unbinds it. Commands, one per line on stdin: `mount <slot> <folder>` (replaces what the
 * slot showed) and `unmount <slot>`; each answers `ok` or `error <text>` on stdout.
 */
const helperSource = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
def check(result, what):
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, what + ": " + os.strerror(code))
uid, gid = os.getuid(), os.getgid()
check(libc.unshare(0x20000 | (0x10000000 if uid != 0 else 0)), "unshare")
if uid != 0:
    for name, text in (("setgroups", "deny"), ("uid_map", "%d %d 1" % (uid, uid)), ("gid_map", "%d %d 1" % (gid, gid))):
        with open("/proc/self/" + name, "w") as f:
            f.write(text)
MS_BIND, MS_REC, MS_SLAVE, MS_SHARED, MNT_DETACH = 4096, 16384, 1 << 19, 1 << 20, 2
check(libc.mount(None, b"/", None, MS_REC | MS_SLAVE, None), "make / a slave")
base = os.fsencode(sys.argv[1])
check(libc.mount(base, base, None, MS_BIND, None), "bind the slots folder")
check(libc.mount(None, base, None, MS_SHARED, None), "share the slots folder")
mounted = set()
print("ready", flush=True)
for line in sys.stdin:
    words = line.rstrip("\\n").split("\\0")
    try:
        slot = os.fsencode(words[1])
        if os.path.dirname(slot) != base:
            raise OSError(22, "not a slot")
        if slot in mounted:
            check(libc.umount2(slot, MNT_DETACH), "unmount")
            mounted.discard(slot)
        if words[0] == "mount":
            check(libc.mount(os.fsencode(words[2]), slot, None, MS_BIND, None), "bind the workspace")
            mounted.add(slot)
        print("ok", flush=True)
    except Exception as error:
        print("error " + str(error).replace("\\n", " "), flush=True)
`;

/**
 * The mount namespace every box of a runtime starts in, held by a small host helper. It lets a
 * box booted ahead of its run (a warm stateless one, or a session's) see the run's workspace at
 * `/workspace` once the run arrives, without restarting it: the helper binds the workspace's
 * folder on the box's slot and the mount propagates into the box. A box sees only its own slot.
 */
export class WorkspaceMountNamespace {
  private slots = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly answers: Array<(line: string) => void> = [];
  private exited = false;

  private constructor(
    private readonly helper: ChildProcess,
    /** The folder holding every box's slot (an empty folder each). */
    readonly slotsFolder: string,
    private readonly asRoot: boolean,
  ) {
    createInterface({ input: helper.stdout as NodeJS.ReadableStream }).on('line', (line) =>
      this.answers.shift()?.(line),
    );
    helper.once('exit', () => {
      this.exited = true;
      for (const answer of this.answers.splice(0)) answer('error the helper exited');
    });
  }

  /** Starts the helper with the host's python3 and waits until its namespace is ready. */
  static async start(pythonPath: string, signal?: AbortSignal): Promise<WorkspaceMountNamespace> {
    const asRoot = process.getuid?.() === 0;
    const slotsFolder = mkdtempSync(join(tmpdir(), 'code-interpreter-native-slots-'));
    // Boxes of a root host run as nobody, and must reach their slot to bind it.
    if (asRoot) chmodSync(slotsFolder, 0o711);
    const helper = spawn(pythonPath, ['-I', '-B', '-c', helperSource, slotsFolder], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {},
      cwd: '/',
    });
    const namespace = new WorkspaceMountNamespace(helper, slotsFolder, asRoot);
    let diagnostics = '';
    helper.stderr?.on('data', (chunk: Buffer) => {
      if (diagnostics.length < 4096) diagnostics += chunk.toString('utf8');
    });
    helper.on('error', () => {
      // reported below as a failed start
    });
    const ready = await new Promise<string>((resolve) => {
      namespace.answers.push(resolve);
      helper.once('error', (error) => resolve(`error ${error.message}`));
      signal?.addEventListener('abort', () => resolve('error the runtime is closed'), {
        once: true,
      });
    });
    if (ready !== 'ready') {
      namespace.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new SandboxError({
        message: `Cannot make the native Python runtime's workspace mount namespace (${ready.replace(/^error /, '')}${diagnostics ? `: ${diagnostics.trim().slice(-500)}` : ''}).`,
      });
    }
    return namespace;
  }

  /** True while the helper runs (boxes can start and workspaces can be bound). */
  get alive(): boolean {
    return !this.exited;
  }

  /** A new empty slot for one box (bound read-only at `/workspace` until a workspace is bound on it). */
  newSlot(): string {
    const slot = join(this.slotsFolder, String(++this.slots));
    mkdirSync(slot, { mode: 0o555 });
    return slot;
  }

  /**
   * The command that starts a box inside this namespace: nsenter, then `command`. A root host's
   * boxes become nobody here (nsenter sets the ids after entering, with no supplementary groups).
   */
  launch(nsenterPath: string, command: readonly string[] = []): string[] {
    const pid = String(this.helper.pid);
    const enter = this.asRoot
      ? ['--target', pid, '--mount', `--setuid=${sandboxUserId}`, `--setgid=${sandboxUserId}`]
      : ['--target', pid, '--user', '--mount', '--preserve-credentials'];
    return [nsenterPath, ...enter, '--', ...command];
  }

  /** Shows `folder` at the box's `/workspace` (replacing what the slot showed before). */
  mount(slot: string, folder: string): Promise<void> {
    return this.command(['mount', slot, folder]);
  }

  /** Shows the box's empty read-only slot at `/workspace` again. */
  unmount(slot: string): Promise<void> {
    return this.command(['unmount', slot]);
  }

  /** Removes a disposed box's slot (after unbinding whatever it showed). */
  async removeSlot(slot: string): Promise<void> {
    await this.unmount(slot).catch(() => undefined);
    try {
      rmdirSync(slot);
    } catch {
      // still a mount point in some namespace: removed with the slots folder
    }
  }

  /** Stops the helper (its mounts go with its namespace) and removes the slots folder. */
  close(): void {
    this.helper.kill('SIGKILL');
    try {
      rmSync(this.slotsFolder, { recursive: true, force: true });
    } catch {
      // nothing of it matters once the helper is gone
    }
  }

  private command(words: string[]): Promise<void> {
    const run = this.queue.then(
      () =>
        new Promise<void>((resolve, reject) => {
          if (this.exited || words.some((word) => word.includes('\0') || word.includes('\n'))) {
            reject(new SandboxError({ message: 'The workspace mount helper is not running.' }));
            return;
          }
          this.answers.push((line) =>
            line === 'ok'
              ? resolve()
              : reject(
                  new SandboxError({
                    message: `Cannot show the workspace at /workspace: ${line.replace(/^error /, '')}`,
                  }),
                ),
          );
          this.helper.stdin?.write(`${words.join('\0')}\n`);
        }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }
}
