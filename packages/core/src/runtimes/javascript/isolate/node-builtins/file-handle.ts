import { Uint8ArrayCtor } from '../../../../sandbox-globals/primordials';
import { toBuffer } from './file-bytes';
import type { Stats } from './file-stats';
import type { SyncFileSystem } from './file-system-sync';

/**
 * What `fs.promises.open` resolves to: Node's `FileHandle`, over a workspace file descriptor.
 * Each method runs the synchronous operation and settles its promise with the outcome.
 */
export class FileHandle {
  readonly #fd: number;
  readonly #files: SyncFileSystem;

  /** @internal Made by `fs.promises.open`. */
  constructor(fd: number, files: SyncFileSystem) {
    this.#fd = fd;
    this.#files = files;
  }

  get fd(): number {
    return this.#fd;
  }

  async read(
    buffer?: unknown,
    offset?: unknown,
    length?: unknown,
    position?: unknown,
  ): Promise<{ bytesRead: number; buffer: unknown }> {
    if (buffer !== null && typeof buffer === 'object' && !ArrayBuffer.isView(buffer)) {
      const options = buffer as {
        buffer?: unknown;
        offset?: unknown;
        length?: unknown;
        position?: unknown;
      };
      buffer = options.buffer;
      offset = options.offset;
      length = options.length;
      position = options.position;
    }
    const target = buffer ?? toBuffer(new Uint8ArrayCtor(16384));
    const bytesRead = this.#files.readSync(this.#fd, target, offset, length, position);
    return { bytesRead, buffer: target };
  }

  async write(
    data: unknown,
    offset?: unknown,
    length?: unknown,
    position?: unknown,
  ): Promise<{ bytesWritten: number; buffer: unknown }> {
    const bytesWritten = this.#files.writeSync(this.#fd, data, offset, length, position);
    return { bytesWritten, buffer: data };
  }

  async readFile(options?: unknown): Promise<string | Uint8Array> {
    return this.#files.readFileSync(this.#fd, options);
  }

  async writeFile(data: unknown, options?: unknown): Promise<void> {
    this.#files.writeFileSync(this.#fd, data, options);
  }

  async appendFile(data: unknown, options?: unknown): Promise<void> {
    this.#files.writeFileSync(this.#fd, data, options);
  }

  async stat(): Promise<Stats> {
    return this.#files.fstatSync(this.#fd);
  }

  async truncate(length?: unknown): Promise<void> {
    this.#files.ftruncateSync(this.#fd, length);
  }

  async sync(): Promise<void> {
    this.#files.fsyncSync(this.#fd);
  }

  async datasync(): Promise<void> {
    this.#files.fdatasyncSync(this.#fd);
  }

  async close(): Promise<void> {
    this.#files.closeSync(this.#fd);
  }
}

const asyncDispose = (Symbol as { asyncDispose?: symbol }).asyncDispose;
if (asyncDispose !== undefined) {
  Object.defineProperty(FileHandle.prototype, asyncDispose, {
    value(this: FileHandle) {
      return this.close();
    },
    writable: true,
    configurable: true,
  });
}
