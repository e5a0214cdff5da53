/**
 * An Emscripten file system type whose every operation is one call through the workspace bridge
 * to the worker, which runs it, confined, in the run's workspace on the host (see
 * `callWorkspace`). Mounted at `/workspace`; nothing of a file's contents is kept in the sandbox.
 *
 * Emscripten caches the nodes a lookup made (its name table): within a run only this sandbox
 * changes the workspace, so they stay right; {@link WorkspaceFileSystemType.mount} starts from a
 * bare root, and the sandbox mounts afresh before every run, so no node outlives its run. A file
 * opened in one run stays open in a session's later runs (the worker keeps a session's
 * descriptors, as a notebook keeps its open files); in another workspace it is refused (`EBADF`:
 * descriptor numbers are unique in the worker).
 */

import type { WorkspaceStat } from '../../../../workspace/workspace-file-system';

/** The bridge: one operation and its arguments (copies) in, a copied answer out. */
export type WorkspaceBridge = (operation: string, args: unknown[]) => unknown;

/** The slice of Emscripten's FS node this file touches. */
export interface EmscriptenNode {
  id: number;
  name: string;
  mode: number;
  parent: EmscriptenNode;
  name_next?: EmscriptenNode;
  node_ops: unknown;
  stream_ops: unknown;
}

interface EmscriptenStream {
  fd?: number | null;
  node: EmscriptenNode;
  flags: number;
  position: number;
  shared: { refcount?: number };
  /** The worker's descriptor of the open file (files only). */
  nfd?: number;
}

/** The slice of Emscripten's `FS` object this file touches. */
export interface EmscriptenFs {
  createNode(
    parent: EmscriptenNode | null,
    name: string,
    mode: number,
    rdev: number,
  ): EmscriptenNode;
  destroyNode(node: EmscriptenNode): void;
  closeStream?(fd: number): void;
  hashName?(parentId: number, name: string): number;
  nameTable?: (EmscriptenNode | undefined)[];
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  ErrnoError: new (errno: number) => Error;
}

/** What {@link createWorkspaceFileSystemType} returns. */
export interface WorkspaceFileSystemType {
  /** The type to pass to `FS.mount`. */
  type: Record<string, unknown>;
}

const directoryMode = 0o40777;
const fileMode = 0o100666;
const seekCurrent = 1;
const seekEnd = 2;
/** Open flags passed on to the worker: access mode, append, create (Linux numbers). */
const passedOpenFlags = 0o3 | 0o2000 | 0o100;

/**
 * Builds the file system type over `bridge`. Paths sent are sandbox paths under `mountPath`.
 */
export function createWorkspaceFileSystemType(
  FS: EmscriptenFs,
  errnoCodes: Record<string, number>,
  bridge: WorkspaceBridge,
  mountPath: string,
  /** Called when a node below the root is made (the mount then has cached entries). */
  onNode: () => void = () => {},
): WorkspaceFileSystemType {
  const { ErrnoError } = FS;
  const Uint8ArrayCtor = Uint8Array;
  const DateCtor = Date;
  const hasOwn = Object.prototype.hasOwnProperty;
  const apply = Reflect.apply;
  const typedArraySet = Uint8Array.prototype.set;
  const typedArraySlice = Uint8Array.prototype.slice;
  const ioError = errnoCodes.EIO ?? 29;

  const errno = (code: string) => errnoCodes[code] ?? ioError;
  const fail = (code: string): never => {
    throw new ErrnoError(errno(code));
  };

  /** One call; a refusal becomes the matching ErrnoError (Python raises it as OSError). */
  function call(operation: string, args: unknown[]): unknown {
    let answer: { ok?: unknown; value?: unknown; error?: { code?: unknown } } | undefined;
    try {
      answer = bridge(operation, args) as typeof answer;
    } catch {
      // Arguments that cannot be copied (only a program calling these functions itself can
      // pass them).
      return fail('EINVAL');
    }
    if (answer !== null && typeof answer === 'object' && answer.ok === true) return answer.value;
    const code = answer?.error?.code;
    throw new ErrnoError(
      typeof code === 'string' && apply(hasOwn, errnoCodes, [code])
        ? (errnoCodes[code] as number)
        : ioError,
    );
  }

  function pathOf(node: EmscriptenNode): string {
    const names: string[] = [];
    let current = node;
    while (current.parent !== current) {
      names.push(String(current.name));
      current = current.parent;
    }
    let path = mountPath;
    for (let index = names.length - 1; index >= 0; index--) path += `/${names[index]}`;
    return path;
  }

  function childPath(parent: EmscriptenNode, name: string): string {
    return `${pathOf(parent)}/${String(name)}`;
  }

  function createNode(parent: EmscriptenNode | null, name: string, mode: number): EmscriptenNode {
    if (!FS.isDir(mode) && !FS.isFile(mode)) fail('EPERM');
    const node = FS.createNode(parent, name, mode, 0);
    if (parent) onNode();
    node.node_ops = nodeOps;
    node.stream_ops = streamOps;
    return node;
  }

  /** The cached node of `parent`/`name`, if Emscripten holds one (no bridge call). */
  function cachedNode(parent: EmscriptenNode, name: string): EmscriptenNode | undefined {
    if (typeof FS.hashName !== 'function' || !FS.nameTable) return undefined;
    for (let node = FS.nameTable[FS.hashName(parent.id, name)]; node; node = node.name_next) {
      if (node.parent === parent && node.name === name) return node;
    }
    return undefined;
  }

  function toAttributes(node: EmscriptenNode, stat: WorkspaceStat) {
    return {
      dev: 1,
      ino: node.id,
      mode: stat.mode,
      nlink: stat.nlink,
      uid: 0,
      gid: 0,
      rdev: 0,
      size: stat.size,
      atime: new DateCtor(stat.atimeMs),
      mtime: new DateCtor(stat.mtimeMs),
      ctime: new DateCtor(stat.ctimeMs),
      blksize: stat.blksize || 4096,
      blocks: stat.blocks,
    };
  }

  /** The worker's descriptor of an open file (the worker refuses one it no longer holds). */
  function descriptor(stream: EmscriptenStream): number {
    if (typeof stream.nfd !== 'number') fail('EBADF');
    return stream.nfd as number;
  }

  function setAttributes(
    node: EmscriptenNode,
    stream: EmscriptenStream | null,
    attr: Record<string, unknown>,
  ) {
    // Permission bits stay the host's (chmod succeeds and changes nothing).
    const { atime, mtime, size } = attr;
    if (typeof atime === 'number' || typeof mtime === 'number') {
      const path = pathOf(node);
      const current =
        typeof atime === 'number' && typeof mtime === 'number'
          ? undefined
          : (call('stat', [path]) as WorkspaceStat);
      call('utimes', [
        path,
        typeof atime === 'number' ? atime : current?.atimeMs,
        typeof mtime === 'number' ? mtime : current?.mtimeMs,
      ]);
    }
    if (typeof size === 'number') {
      if (stream && typeof stream.nfd === 'number') call('ftruncate', [descriptor(stream), size]);
      else call('truncate', [pathOf(node), size]);
    }
  }

  const nodeOps = {
    getattr(node: EmscriptenNode) {
      return toAttributes(node, call('stat', [pathOf(node)]) as WorkspaceStat);
    },
    setattr(node: EmscriptenNode, attr: Record<string, unknown>) {
      setAttributes(node, null, attr);
    },
    lookup(parent: EmscriptenNode, name: string) {
      const stat = call('stat', [childPath(parent, name)]) as WorkspaceStat;
      return createNode(parent, name, stat.mode);
    },
    mknod(parent: EmscriptenNode, name: string, mode: number) {
      const path = childPath(parent, name);
      if (FS.isDir(mode)) call('mkdir', [path, false]);
      else if (FS.isFile(mode)) call('writeFile', [path, new Uint8ArrayCtor(0), false, true]);
      else fail('EPERM');
      return createNode(parent, name, mode);
    },
    rename(oldNode: EmscriptenNode, newDir: EmscriptenNode, newName: string) {
      call('rename', [pathOf(oldNode), childPath(newDir, newName)]);
      // The entry it replaced goes from the cache too (Emscripten leaves it behind the moved one).
      const replaced = cachedNode(newDir, newName);
      if (replaced && replaced !== oldNode) FS.destroyNode(replaced);
      oldNode.name = newName;
    },
    unlink(parent: EmscriptenNode, name: string) {
      call('unlink', [childPath(parent, name)]);
    },
    rmdir(parent: EmscriptenNode, name: string) {
      call('rmdir', [childPath(parent, name)]);
    },
    readdir(node: EmscriptenNode) {
      const entries = call('readdir', [pathOf(node)]) as { name: string; type: string }[];
      const names = ['.', '..'];
      for (let index = 0; index < entries.length; index++) {
        const entry = entries[index] as { name: string; type: string };
        const name = String(entry.name);
        names.push(name);
        // Listing tells each entry's type: the nodes are made here, saving a call per entry
        // when the program goes on to look at them (os.scandir, os.walk).
        if (!cachedNode(node, name)) {
          createNode(node, name, entry.type === 'directory' ? directoryMode : fileMode);
        }
      }
      return names;
    },
    symlink() {
      fail('EPERM');
    },
    readlink() {
      fail('EINVAL');
    },
  };

  const streamOps = {
    open(stream: EmscriptenStream) {
      if (!FS.isFile(stream.node.mode)) return;
      try {
        stream.nfd = call('open', [pathOf(stream.node), stream.flags & passedOpenFlags]) as number;
      } catch (error) {
        // Emscripten made the stream before asking: free its descriptor, as a failed open(2) does.
        if (typeof stream.fd === 'number') FS.closeStream?.(stream.fd);
        throw error;
      }
      stream.shared.refcount = 1;
    },
    dup(stream: EmscriptenStream) {
      stream.shared.refcount = (stream.shared.refcount ?? 1) + 1;
    },
    close(stream: EmscriptenStream) {
      if (typeof stream.nfd !== 'number') return;
      const left = (stream.shared.refcount ?? 1) - 1;
      stream.shared.refcount = left;
      if (left <= 0) call('close', [stream.nfd]);
    },
    getattr(stream: EmscriptenStream) {
      if (typeof stream.nfd !== 'number') return nodeOps.getattr(stream.node);
      return toAttributes(stream.node, call('fstat', [descriptor(stream)]) as WorkspaceStat);
    },
    setattr(stream: EmscriptenStream, attr: Record<string, unknown>) {
      setAttributes(stream.node, stream, attr);
    },
    read(
      stream: EmscriptenStream,
      buffer: Uint8Array,
      offset: number,
      length: number,
      position: number,
    ) {
      if (length <= 0) return 0;
      const bytes = call('read', [descriptor(stream), length, position]);
      if (!(bytes instanceof Uint8ArrayCtor)) return fail('EIO');
      const count = Math.min(bytes.byteLength, length);
      apply(typedArraySet, new Uint8ArrayCtor(buffer.buffer, buffer.byteOffset + offset, count), [
        count === bytes.byteLength
          ? bytes
          : new Uint8ArrayCtor(bytes.buffer, bytes.byteOffset, count),
      ]);
      return count;
    },
    write(
      stream: EmscriptenStream,
      buffer: Uint8Array,
      offset: number,
      length: number,
      position: number,
    ) {
      if (length <= 0) return 0;
      // A copy of just these bytes (the buffer is usually all of WebAssembly memory).
      const view = new Uint8ArrayCtor(buffer.buffer, buffer.byteOffset + offset, length);
      const bytes = apply(typedArraySlice, view, []) as Uint8Array;
      return call('write', [descriptor(stream), bytes, position]) as number;
    },
    llseek(stream: EmscriptenStream, offset: number, whence: number) {
      let position = offset;
      if (whence === seekCurrent) position += stream.position;
      else if (whence === seekEnd && FS.isFile(stream.node.mode)) {
        position += (streamOps.getattr(stream) as { size: number }).size;
      }
      if (position < 0) fail('EINVAL');
      return position;
    },
  };

  const type = {
    mount() {
      // A bare root: nothing is asked of the worker until the program touches a file.
      return createNode(null, '/', directoryMode);
    },
    node_ops: nodeOps,
    stream_ops: streamOps,
  };

  return {
    type,
  };
}
