import { type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The `accept-encoding` the host sends: the encodings {@link readResponseBody} decodes. */
export const acceptedEncodings = 'gzip, deflate, br';

/** A response body went past the limit. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The response body is larger than ${limit} bytes.`);
  }
}

/** A compressed body could not be decoded. */
export class ResponseDecodeError extends Error {}

function decoderFor(encoding: string): Transform | undefined {
  const options = { finishFlush: constants.Z_SYNC_FLUSH };
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip(options);
  if (encoding === 'deflate') return createInflate(options);
  if (encoding === 'br') {
    return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
  }
  return undefined;
}

/** Counts bytes passing through and fails past `limit`. */
function byteLimit(limit: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > limit) callback(new ResponseTooLargeError(limit));
      else callback(null, chunk);
    },
  });
}

/** The result of {@link readResponseBody}. */
export interface ResponseBody {
  body: Buffer;
  /** True when `content-encoding` was decoded (the answer then drops that header). */
  decoded: boolean;
}

/**
 * Reads a response body into memory, at most `maxBytes` bytes. A gzip, deflate or brotli body
 * (per `content-encoding`, up to 3 layers) is decoded, and the limit applies to the encoded bytes
 * and again to the decoded ones, so a small compressed bomb stops at `maxBytes` of output. Other
 * encodings pass through undecoded. Throws {@link ResponseTooLargeError} past the limit (at once
 * when `content-length` already says so), {@link ResponseDecodeError} for a corrupt body, or the
 * stream's error (an abort through `signal` included).
 */
export async function readResponseBody(
  response: Readable,
  options: {
    contentEncoding: string | undefined;
    contentLength: string | undefined;
    maxBytes: number;
    signal: AbortSignal;
  },
): Promise<ResponseBody> {
  const { maxBytes, signal } = options;
  const declared = Number(options.contentLength);
  if (options.contentLength !== undefined && Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new ResponseTooLargeError(maxBytes);
  }
  const encodings = (options.contentEncoding ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '' && token !== 'identity');
  const decoders = encodings.length <= 3 ? encodings.map(decoderFor) : [undefined];
  const decode = decoders.length > 0 && decoders.every((decoder) => decoder !== undefined);
  if (!decode) return readPlainBody(response, maxBytes, signal);
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const stages: Array<Transform> = [byteLimit(maxBytes)];
  if (decode) stages.push(...(decoders as Transform[]).reverse(), byteLimit(maxBytes));
  try {
    await pipeline([response, ...stages, collect], { signal });
  } catch (error) {
    response.destroy();
    if (error instanceof ResponseTooLargeError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new ResponseDecodeError(
        `The response body could not be decoded (${encodings.join(', ')}).`,
      );
    }
    throw error;
  }
  return { body: Buffer.concat(chunks), decoded: decode };
}

/**
 * An unencoded body (most answers, and every one of a server that does not compress) read with
 * plain events: a stream pipeline costs more than the request itself for small bodies.
 */
function readPlainBody(
  response: Readable,
  maxBytes: number,
  signal: AbortSignal,
): Promise<ResponseBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (error?: unknown) => {
      signal.removeEventListener('abort', onAbort);
      response.off('data', onData);
      response.off('end', onEnd);
      response.off('error', finish);
      if (error === undefined) resolve({ body: Buffer.concat(chunks, total), decoded: false });
      else {
        response.destroy();
        reject(error);
      }
    };
    const onAbort = () => finish(signal.reason);
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) finish(new ResponseTooLargeError(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => finish();
    if (signal.aborted) return finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', onData);
    response.once('end', onEnd);
    response.once('error', finish);
  });
}
