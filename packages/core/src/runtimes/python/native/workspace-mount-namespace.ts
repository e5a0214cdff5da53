import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SandboxError } from '../../../errors/sandbox-error';
import { makeOwnTempFolder, removeStaleTempFolders } from './stale-temp-folders';

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
 *
 * Started with `join`, it makes nothing: it enters the namespaces the first helper made, given as
 * descriptors 3 (mount) and 4 (user, when not root), and serves the same commands (a helper that
 * replaces one that died).
 */
const helperSource = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
def check(result, what):
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, what + ": " + os.strerror(code))
uid, gid = os.getuid(), os.getgid()
CLONE_NEWNS, CLONE_NEWUSER = 0x20000, 0x10000000
MS_BIND, MS_REC, MS_SLAVE, MS_SHARED, MNT_DETACH, EINVAL = 4096, 16384, 1 << 19, 1 << 20, 2, 22
base = os.fsencode(sys.argv[1])
if sys.argv[2:] == ["join"]:
    if uid != 0:
        check(libc.setns(4, CLONE_NEWUSER), "enter the user namespace")
    check(libc.setns(3, CLONE_NEWNS), "enter the mount namespace")
    for fd in (3, 4):
        try:
            os.close(fd)
        except OSError:
            pass
else:
    check(libc.unshare(CLONE_NEWNS | (CLONE_NEWUSER if uid != 0 else 0)), "unshare")
    if uid != 0:
        for name, text in (("setgroups", "deny"), ("uid_map", "%d %d 1" % (uid, uid)), ("gid_map", "%d %d 1" % (gid, gid))):
            with open("/proc/self/" + name, "w") as f:
                f.write(text)
    check(libc.mount(None, b"/", None, MS_REC | MS_SLAVE, None), "make / a slave")
    check(libc.mount(base, base, None, MS_BIND, None), "bind the slots folder")
    check(libc.mount(None, base, None, MS_SHARED, None), "share the slots folder")
print("ready", flush=True)
for line in sys.stdin:
    words = line.rstrip("\\n").split("\\0")
    try:
        slot = os.fsencode(words[1])
        if os.path.dirname(slot) != base:
            raise OSError(EINVAL, "not a slot")
        # Whatever the slot showed goes first (EINVAL: it showed nothing).
        if libc.umount2(slot, MNT_DETACH) != 0 and ctypes.get_errno() != EINVAL:
            check(-1, "unmount")
        if words[0] == "mount":
            check(libc.mount(os.fsencode(words[2]), slot, None, MS_BIND, None), "bind the workspace")
        print("ok", flush=True)
    except Exception as error:
        print("error " + str(error).replace("\\n", " "), flush=True)
`;

/**
 * The mount namespace every box of a runtime starts in, held by a small host helper. It lets a
 * box booted ahead of its run (a warm stateless one, or a session's) see the run's workspace at
 * `/workspace` once the run arrives, without restarting it: the helper binds the workspace's
 * folder on the box's slot and the mount propagates into the box. A box sees only its own slot.
 *
 * The worker keeps the namespace open (descriptors of its `/proc/<pid>/ns` files), so boxes enter
 * it through those (not through the helper's pid), and a helper that dies (killed from outside)
 * is replaced by one that enters the same namespace: the boxes already started in it, a
 * session's among them, keep getting their workspaces. A command the dead helper did not answer
 * is sent again to its replacement (every command is idempotent).
 */
export class WorkspaceMountNamespace {
  private slots = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** The helper answering commands now, once ready; `undefined` when none can be started. */
  private helper: Promise<MountHelper | undefined>;
  /** The helper running now (ready or starting), killed at once by `close()`. */
  private running: MountHelper;
  private closed = false;
  /** Set when a helper replacing a dead one could not start (or too many had to). */
  private gone = false;
  /** Helpers started to replace one that died. */
  private replacements = 0;

  private constructor(
    first: MountHelper,
    /** The folder holding every box's slot (an empty folder each). */
    readonly slotsFolder: string,
    private readonly asRoot: boolean,
    private readonly pythonPath: string,
    /** Descriptors of the namespace (mount; user when not root), open until `close()`. */
    private readonly namespaceFds: readonly number[],
  ) {
    this.helper = Promise.resolve(first);
    this.running = first;
    this.replaceWhenGone(first);
  }

  /** Starts the helper with the host's python3 and waits until its namespace is ready. */
  static async start(pythonPath: string, signal?: AbortSignal): Promise<WorkspaceMountNamespace> {
    const asRoot = process.getuid?.() === 0;
    const slotsFolder = makeOwnTempFolder(slotsFolderPrefix);
    // Boxes of a root host run as nobody, and must reach their slot to bind it.
    if (asRoot) chmodSync(slotsFolder, 0o711);
    const helper = MountHelper.spawn(pythonPath, [slotsFolder], []);
    const ready = await helper.ready(signal);
    const namespaceFds: number[] = [];
    try {
      if (ready !== 'ready') throw new Error(ready.replace(/^error /, ''));
      namespaceFds.push(openSync(`/proc/${helper.pid}/ns/mnt`, 'r'));
      if (!asRoot) namespaceFds.push(openSync(`/proc/${helper.pid}/ns/user`, 'r'));
    } catch (error) {
      helper.kill();
      for (const fd of namespaceFds) closeSync(fd);
      rmSync(slotsFolder, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new SandboxError({
        message: `Cannot make the native Python runtime's workspace mount namespace (${error instanceof Error ? error.message : String(error)}${helper.diagnostics ? `: ${helper.diagnostics.trim().slice(-500)}` : ''}).`,
      });
    }
    return new WorkspaceMountNamespace(helper, slotsFolder, asRoot, pythonPath, namespaceFds);
  }

  /**
   * True while boxes can start in the namespace and get workspaces: until `close()`, or until a
   * helper that replaced a dead one could not start.
   */
  get alive(): boolean {
    return !this.closed && !this.gone;
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
    // Closed, its descriptors' numbers may already name other files.
    if (this.closed) {
      throw new SandboxError({
        message:
          "The native Python runtime's workspace mount namespace was closed while a sandbox was starting in it.",
      });
    }
    const [mount, user] = this.namespaceFds.map((fd) => `/proc/${process.pid}/fd/${fd}`);
    const enter = this.asRoot
      ? [`--mount=${mount}`, `--setuid=${sandboxUserId}`, `--setgid=${sandboxUserId}`]
      : [`--user=${user}`, `--mount=${mount}`, '--preserve-credentials'];
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

  /**
   * Stops the helper and lets the namespace go (its mounts go with it once its last box has
   * ended), and removes the slots folder.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // At once, not after a turn: a caller that closes the runtime and then looks for the
    // helper's process must find it dying already.
    this.running.kill();
    for (const fd of this.namespaceFds) closeSync(fd);
    try {
      rmSync(this.slotsFolder, { recursive: true, force: true });
    } catch {
      // nothing of it matters once the helper is gone
    }
  }

  /** When `helper` dies before `close()`, starts one that enters the same namespace. */
  private replaceWhenGone(helper: MountHelper): void {
    helper.onExit(() => this.replace());
  }

  /**
   * Starts a helper that enters the same namespace, up to {@link maxHelperReplacements} in all.
   * One that ends before it is ready (killed while it started) counts as a death too: another
   * starts, within the same bound, rather than the namespace being given up at once (found under
   * load in CI: a helper killed while it started left the namespace without one).
   */
  private replace(): void {
    if (this.closed) return;
    if (++this.replacements > maxHelperReplacements) {
      this.gone = true;
      this.helper = Promise.resolve(undefined);
      return;
    }
    const replacement = MountHelper.spawn(
      this.pythonPath,
      [this.slotsFolder, 'join'],
      this.namespaceFds,
    );
    this.running = replacement;
    this.helper = replacement.ready().then((ready) => {
      if (this.closed) {
        replacement.kill();
        return undefined;
      }
      if (ready === 'ready') {
        this.replaceWhenGone(replacement);
        return replacement;
      }
      replacement.kill();
      this.replace();
      return this.helper;
    });
  }

  private command(words: string[]): Promise<void> {
    const run = this.queue.then(async () => {
      // The helper reads one command a line, its words split at NUL: neither may be in a word.
      const bad = words.find((word) => word.includes('\0') || word.includes('\n'));
      if (bad !== undefined) {
        throw new SandboxError({
          message: `Cannot show the workspace at /workspace: its path ${JSON.stringify(bad)} contains a NUL or a line break; use a folder whose path has neither.`,
        });
      }
      // Sent again once when the helper died before answering (to the helper replacing it).
      for (let attempt = 0; ; attempt++) {
        const helper = this.closed ? undefined : await this.helper;
        if (!helper) {
          throw new SandboxError({ message: 'The workspace mount helper is not running.' });
        }
        const line = await helper.send(words.join('\0'));
        if (line === 'ok') return;
        if (line === helperExited && attempt === 0) continue;
        throw new SandboxError({
          message: `Cannot show the workspace at /workspace: ${line.replace(/^error /, '')}`,
        });
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Most helpers started to replace dead ones, in a namespace's life: more means something kills them. */
export const maxHelperReplacements = 10;

/** What a command gets when the helper ended before answering it. */
const helperExited = 'error the helper exited';

/** One helper process: sends command lines, hands out answer lines in order. */
class MountHelper {
  private readonly answers: Array<(line: string) => void> = [];
  private exited = false;
  private readonly exitListeners: Array<() => void> = [];
  diagnostics = '';

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) =>
      this.answers.shift()?.(line),
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.diagnostics.length < 4096) this.diagnostics += chunk.toString('utf8');
    });
    // A write to a helper that just died fails (EPIPE): its commands are answered as it ends.
    child.stdin?.on('error', () => undefined);
    // A helper that could not start, or could not be killed (it had ended), has ended.
    child.on('error', () => this.ended());
    child.once('close', () => this.ended());
  }

  /** `python3 -I -B -c <helper> ...args`, with `fds` as its descriptors 3, 4, .... */
  static spawn(pythonPath: string, args: string[], fds: readonly number[]): MountHelper {
    return new MountHelper(
      spawn(pythonPath, ['-I', '-B', '-c', helperSource, ...args], {
        stdio: ['pipe', 'pipe', 'pipe', ...fds],
        env: {},
        cwd: '/',
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Its first line (`ready`, or `error ...`), or an error when `signal` aborts first. */
  ready(signal?: AbortSignal): Promise<string> {
    return new Promise<string>((resolve) => {
      this.answers.push(resolve);
      if (this.exited) resolve(helperExited);
      signal?.addEventListener('abort', () => resolve('error the runtime is closed'), {
        once: true,
      });
    });
  }

  /** Sends one command line; its answer line (or {@link helperExited}). */
  send(line: string): Promise<string> {
    if (this.exited) return Promise.resolve(helperExited);
    return new Promise<string>((resolve) => {
      this.answers.push(resolve);
      this.child.stdin?.write(`${line}\n`);
    });
  }

  onExit(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  private ended(): void {
    if (this.exited) return;
    this.exited = true;
    for (const answer of this.answers.splice(0)) answer(helperExited);
    for (const listener of this.exitListeners.splice(0)) listener();
  }
}

/** Start of a slots folder's name in the host's temporary folder, then the host's pid. */
const slotsFolderPrefix = 'code-interpreter-native-slots-';

/** Removes the slots folders left by worker processes that are gone (see stale-temp-folders.ts). */
export function removeStaleSlotsFolders(): void {
  removeStaleTempFolders(slotsFolderPrefix);
}
