/** The slice of Emscripten's file system a chunked file is made with. */
export interface ChunkedFileSystem {
  writeFile(path: string, data: Uint8Array): void;
  ErrnoError: new (errno: number) => Error;
  lookupPath(path: string): { node: ChunkedFileNode };
}

/** A file node of Emscripten's memory file system, as far as a chunked file sets it up. */
export interface ChunkedFileNode {
  usedBytes: number;
  contents: unknown;
  stream_ops: Record<string, unknown>;
}

/** Emscripten's errno for EPERM. */
const notPermitted = 63;

/**
 * Makes `path` a read-only file of `size` bytes whose contents stay outside the sandbox's memory:
 * a read copies in only the chunks it covers (`readChunk(index)` gives chunk `index`, `chunkBytes`
 * long but the last), keeping the last one read. For the standard library zip every boot used to
 * copy in whole (2.5 MB a sandbox, for the few modules a program imports that the snapshot has
 * not). A write to it fails (EPERM); whatever else reads the whole contents (mmap, a truncate
 * that keeps them) gets them through `contents.subarray`.
 */
export function createChunkedFile(
  fs: ChunkedFileSystem,
  path: string,
  size: number,
  chunkBytes: number,
  readChunk: (index: number) => Uint8Array,
): void {
  fs.writeFile(path, new Uint8Array(0));
  const { node } = fs.lookupPath(path);
  let cachedIndex = -1;
  let cached: Uint8Array = new Uint8Array(0);
  const chunk = (index: number) => {
    if (index !== cachedIndex) {
      const bytes = readChunk(index);
      const expected = Math.min(chunkBytes, size - index * chunkBytes);
      if (!(bytes instanceof Uint8Array) || bytes.length !== expected) {
        throw new RangeError(`Chunk ${index} of ${path} is not ${expected} bytes`);
      }
      cached = bytes;
      cachedIndex = index;
    }
    return cached;
  };
  /** Copies `[start, end)` of the file into `target` at `at`. */
  const copy = (
    target: { set(bytes: Uint8Array, at: number): void },
    at: number,
    start: number,
    end: number,
  ) => {
    let position = start;
    while (position < end) {
      const index = Math.floor(position / chunkBytes);
      const from = position - index * chunkBytes;
      const take = Math.min(end - position, chunkBytes - from);
      target.set(chunk(index).subarray(from, from + take), at + position - start);
      position += take;
    }
  };
  node.usedBytes = size;
  node.contents = {
    length: size,
    subarray(start = 0, end = size) {
      const from = Math.max(0, Math.min(start, size));
      const to = Math.max(from, Math.min(end, size));
      const bytes = new Uint8Array(to - from);
      copy(bytes, 0, from, to);
      return bytes;
    },
  };
  node.stream_ops = {
    ...node.stream_ops,
    read(
      _stream: unknown,
      buffer: { set(bytes: Uint8Array, at: number): void },
      offset: number,
      length: number,
      position: number,
    ): number {
      const end = Math.min(size, position + length);
      if (position >= end) return 0;
      copy(buffer, offset, position, end);
      return end - position;
    },
    write(): never {
      throw new fs.ErrnoError(notPermitted);
    },
  };
}
