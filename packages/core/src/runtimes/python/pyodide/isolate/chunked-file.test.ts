import { describe, expect, it } from 'vitest';
import { type ChunkedFileNode, createChunkedFile } from './chunked-file';

class ErrnoError extends Error {
  constructor(readonly errno: number) {
    super(`errno ${errno}`);
  }
}

/** A file system with one file node, as Emscripten's memory file system makes it. */
function fakeFileSystem() {
  const node: ChunkedFileNode = {
    usedBytes: 0,
    contents: undefined,
    stream_ops: { llseek: 'kept' },
  };
  const fs = {
    ErrnoError,
    writeFile: (_path: string, data: Uint8Array) => {
      node.contents = data;
      node.usedBytes = data.length;
    },
    lookupPath: () => ({ node }),
  };
  return { fs, node };
}

const data = Uint8Array.from({ length: 1000 }, (_, index) => (index * 7) % 256);
const chunkBytes = 64;

function chunkedFile() {
  const { fs, node } = fakeFileSystem();
  const reads: number[] = [];
  createChunkedFile(fs, '/lib/zip', data.length, chunkBytes, (index) => {
    reads.push(index);
    return data.slice(index * chunkBytes, (index + 1) * chunkBytes);
  });
  const read = node.stream_ops.read as (
    stream: unknown,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ) => number;
  return {
    node,
    reads,
    read: (buffer: Uint8Array, offset: number, length: number, position: number) =>
      read({}, buffer, offset, length, position),
  };
}

describe('createChunkedFile', () => {
  it('has the size of the whole and keeps the node’s other stream operations', () => {
    const { node } = chunkedFile();
    expect(node.usedBytes).toBe(1000);
    expect(node.stream_ops.llseek).toBe('kept');
  });

  it('reads any range byte for byte, across chunks and at the end, copying in only the chunks it covers', () => {
    const { read, reads } = chunkedFile();
    const buffer = new Uint8Array(1200);
    for (const [position, length] of [
      [0, 1],
      [63, 2],
      [100, 500],
      [990, 50],
      [0, 1000],
      [5, 3],
    ] as const) {
      buffer.fill(0);
      const count = read(buffer, 17, length, position);
      expect(count).toBe(Math.min(length, 1000 - position));
      expect([...buffer.subarray(17, 17 + count)]).toEqual([
        ...data.subarray(position, position + count),
      ]);
    }
    expect(read(buffer, 0, 10, 1000)).toBe(0);
    // The chunk last read is kept: the read at 5 after the whole file read chunk 0 again only.
    expect(reads.at(-1)).toBe(0);
    expect(reads.filter((index) => index === 1).length).toBeGreaterThan(0);
  });

  it('gives the whole contents to what reads them through subarray', () => {
    const { node } = chunkedFile();
    const contents = node.contents as { subarray(start?: number, end?: number): Uint8Array };
    expect([...contents.subarray()]).toEqual([...data]);
    expect([...contents.subarray(60, 70)]).toEqual([...data.subarray(60, 70)]);
    expect(contents.subarray(990, 5000).length).toBe(10);
  });

  it('refuses writes with EPERM', () => {
    const { node } = chunkedFile();
    expect(() => (node.stream_ops.write as () => void)()).toThrow(
      expect.objectContaining({ errno: 63 }),
    );
  });

  it('fails a read whose chunk is not the length it should be', () => {
    const { fs, node } = fakeFileSystem();
    createChunkedFile(fs, '/lib/zip', 100, 64, () => new Uint8Array(10));
    const read = node.stream_ops.read as (...args: unknown[]) => number;
    expect(() => read({}, new Uint8Array(100), 0, 10, 0)).toThrow(
      'Chunk 0 of /lib/zip is not 64 bytes',
    );
  });
});
