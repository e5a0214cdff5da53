import { type FsStat, type IFileSystem, InMemoryFs } from 'just-bash';

/** Folders and device files the shell's root holds (no host file is ever among them). */
const layout = {
  folders: ['/bin', '/usr/bin', '/dev', '/etc', '/home'],
  devices: ['/dev/null', '/dev/zero', '/dev/stdin', '/dev/stdout', '/dev/stderr'],
};

/**
 * The shell's view outside its mounts (`/workspace`, `/tmp`): a small read-only tree made in
 * memory (`/bin`, `/usr/bin`, `/dev/null`...), never a host path. Writes are refused with
 * `EROFS`, except to `/dev/null`, which takes and drops anything.
 */
export class ReadOnlyRootFs implements IFileSystem {
  private readonly tree = new InMemoryFs();

  constructor() {
    for (const folder of layout.folders) this.tree.mkdirSync(folder, { recursive: true });
    for (const device of layout.devices) this.tree.writeFileSync(device, '');
  }

  /**
   * Sets up the tree before the shell runs (just-bash puts a stub at `/bin/<name>` for each
   * command, which its `PATH` lookup finds, and its `/proc/self` files); the shell's own writes
   * go through `writeFile` and are refused.
   */
  setUp(path: string, content: string | Uint8Array | undefined): void {
    if (content === undefined) this.tree.mkdirSync(path, { recursive: true });
    else this.tree.writeFileSync(path, content);
  }

  readFile(...args: Parameters<IFileSystem['readFile']>) {
    return this.tree.readFile(...args);
  }
  readFileBytes(path: string) {
    return this.tree.readFileBytes(path);
  }
  readFileBuffer(path: string) {
    return this.tree.readFileBuffer(path);
  }
  async writeFile(path: string): Promise<void> {
    if (!isNull(path)) throw readOnly('open', path);
  }
  async appendFile(path: string): Promise<void> {
    if (!isNull(path)) throw readOnly('open', path);
  }
  exists(path: string) {
    return this.tree.exists(path);
  }
  stat(path: string): Promise<FsStat> {
    return this.tree.stat(path);
  }
  lstat(path: string): Promise<FsStat> {
    return this.tree.lstat(path);
  }
  async mkdir(path: string): Promise<void> {
    throw readOnly('mkdir', path);
  }
  readdir(path: string) {
    return this.tree.readdir(path);
  }
  readdirWithFileTypes(path: string): ReturnType<NonNullable<IFileSystem['readdirWithFileTypes']>> {
    return this.tree.readdirWithFileTypes(path);
  }
  async rm(path: string): Promise<void> {
    throw readOnly('rm', path);
  }
  async cp(_src: string, dest: string): Promise<void> {
    if (!isNull(dest)) throw readOnly('cp', dest);
  }
  async mv(src: string): Promise<void> {
    throw readOnly('rename', src);
  }
  resolvePath(base: string, path: string): string {
    return this.tree.resolvePath(base, path);
  }
  getAllPaths(): string[] {
    return [];
  }
  async chmod(path: string): Promise<void> {
    throw readOnly('chmod', path);
  }
  async symlink(_target: string, linkPath: string): Promise<void> {
    throw readOnly('symlink', linkPath);
  }
  async link(_existingPath: string, newPath: string): Promise<void> {
    throw readOnly('link', newPath);
  }
  readlink(path: string) {
    return this.tree.readlink(path);
  }
  realpath(path: string) {
    return this.tree.realpath(path);
  }
  async utimes(path: string): Promise<void> {
    if (!isNull(path)) throw readOnly('utime', path);
  }
}

function isNull(path: string): boolean {
  return path === '/dev/null';
}

function readOnly(syscall: string, path: string): Error {
  return Object.assign(
    new Error(
      `EROFS: read-only file system, ${syscall} '${path}' (write under /workspace, or /tmp for scratch files)`,
    ),
    { code: 'EROFS' },
  );
}
