import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ResponseDecodeError, ResponseTooLargeError, readResponseBody } from './read-response-body';

const read = (
  chunks: Buffer[],
  contentEncoding?: string,
  maxBytes = 1_000,
  contentLength?: string,
) =>
  readResponseBody(Readable.from(chunks), {
    contentEncoding,
    contentLength,
    maxBytes,
    signal: new AbortController().signal,
  });

describe('readResponseBody', () => {
  it('reads a plain body and decodes gzip, deflate, br and stacked encodings', async () => {
    const text = Buffer.from('hello '.repeat(50));
    expect(await read([text])).toEqual({ body: text, decoded: false });
    expect(await read([gzipSync(text)], 'gzip')).toEqual({ body: text, decoded: true });
    expect(await read([deflateSync(text)], 'deflate')).toEqual({ body: text, decoded: true });
    expect(await read([brotliCompressSync(text)], 'br')).toEqual({ body: text, decoded: true });
    expect(await read([brotliCompressSync(gzipSync(text))], 'gzip, br')).toEqual({
      body: text,
      decoded: true,
    });
    expect(await read([text], 'identity')).toEqual({ body: text, decoded: false });
  });

  it('passes an unknown encoding through undecoded', async () => {
    expect(await read([Buffer.from('zz')], 'zstd')).toEqual({
      body: Buffer.from('zz'),
      decoded: false,
    });
  });

  it('stops at the limit: by content-length at once, by counting, and after decoding (a gzip bomb)', async () => {
    await expect(read([Buffer.alloc(10)], undefined, 1_000, '5000')).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    await expect(read([Buffer.alloc(600), Buffer.alloc(600)])).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    expect((await read([Buffer.alloc(1_000)])).body.length).toBe(1_000);
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    await expect(read([bomb], 'gzip', 1024 * 1024)).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('reports a corrupt compressed body', async () => {
    await expect(read([Buffer.from('not gzip at all')], 'gzip')).rejects.toBeInstanceOf(
      ResponseDecodeError,
    );
  });
});
