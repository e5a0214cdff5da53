import {
  ErrorCtor,
  ObjectDefineProperty,
  uncurryThis,
} from '../../../../sandbox-globals/primordials';

const made = new WeakSet<object>();
const WeakSetPrototypeAdd = uncurryThis(WeakSet.prototype.add);
const WeakSetPrototypeHas = uncurryThis(WeakSet.prototype.has);

/** A refused file operation, as the workspace bridge reports it (plain data). */
export interface BridgeError {
  code: string;
  message: string;
  syscall: string;
  path?: string;
}

/** Linux errno numbers of the codes the workspace reports (Node gives them negated). */
const linuxErrno: Record<string, number> = {
  __proto__: null,
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  EBADF: 9,
  EACCES: 13,
  EEXIST: 17,
  EXDEV: 18,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EMFILE: 24,
  EFBIG: 27,
  ENOSPC: 28,
  EROFS: 30,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
} as unknown as Record<string, number>;

/** A Node system error: `errno`, `code`, `syscall` and `path`, as `fs` throws them. */
export type FileSystemError = Error & {
  errno: number;
  code: string;
  syscall: string;
  path?: string;
};

function defineData(target: object, name: string, value: unknown): void {
  ObjectDefineProperty(target, name, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * The sandbox-side error for a refusal of the workspace: an `Error` made in the sandbox's realm
 * (nothing of the host in it) with the bridge's message and Node's own fields, in Node's order.
 */
export function fileSystemError(error: BridgeError): FileSystemError {
  const thrown = new ErrorCtor(String(error.message)) as FileSystemError;
  const code = String(error.code);
  defineData(thrown, 'errno', -(linuxErrno[code] ?? 5));
  defineData(thrown, 'code', code);
  defineData(thrown, 'syscall', String(error.syscall));
  if (typeof error.path === 'string') defineData(thrown, 'path', error.path);
  WeakSetPrototypeAdd(made, thrown);
  return thrown;
}

/** True for an error `fileSystemError` made (as opposed to a misuse such as a wrong argument type). */
export function isFileSystemError(value: unknown): value is FileSystemError {
  return typeof value === 'object' && value !== null && WeakSetPrototypeHas(made, value);
}
