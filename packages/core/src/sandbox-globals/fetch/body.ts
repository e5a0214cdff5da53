/**
 * Request and Response bodies, held in memory: extracting one from a `BodyInit` (with its default
 * `Content-Type`) and the body methods (`text()`, `json()`, `arrayBuffer()`, `bytes()`, `blob()`,
 * `formData()`), with undici's rules for `bodyUsed` and its error messages.
 */
import {
  MapPrototypeGet,
  ObjectDefineProperty,
  PromiseResolve,
  TypedArrayPrototypeSlice,
  TypeErrorCtor,
  Uint8ArrayCtor,
  uncurryThis,
} from '../primordials';
import { bufferSourceBytes } from '../text-decoder';
import { createUrlGlobals } from '../url/create-url-globals';
import { parseUrlencoded, type QueryPair } from '../url/urlencoded';
import { utf8DecodeWithoutBOM, utf8Encode } from '../utf8';
import { blobInternals } from './blob';
import { bytesToArrayBuffer, decodeUtf8Text } from './bytes';
import { JSONParse, PromiseReject, SymbolAsyncIterator } from './fetch-intrinsics';
import { type FormDataEntry, formDataInternals, makeEntry } from './form-data';
import { extractMimeType, serializeMimeType } from './mime-type';
import { parseMultipart } from './multipart-parser';
import { serializeMultipart } from './multipart-writer';
import { createList, defineData, illegalInvocation, isObject, toUSVString } from './webidl';

/** The body of one Request or Response. */
export interface BodyState {
  /** The bytes; null when there is no body (then reading gives empty content, and never uses it). */
  bytes: Uint8Array | null;
  /** Set once a body method has started reading (`bodyUsed`). */
  used: boolean;
  /** Set when the fetch was aborted before the body was read: reading rejects with `error`. */
  errored: boolean;
  error: unknown;
}

export function createBodyState(bytes: Uint8Array | null): BodyState {
  return { bytes, used: false, errored: false, error: undefined };
}

/** A second body with the same bytes (they are never modified in place). */
export function cloneBodyState(body: BodyState): BodyState {
  return { bytes: body.bytes, used: false, errored: body.errored, error: body.error };
}

/** `URLSearchParams.prototype.toString`, captured before user code (see `captureSearchParams`). */
let searchParamsToString: ((params: unknown) => string) | undefined;

/**
 * Captures the `URLSearchParams` serializer, which also serves as the brand check for
 * URLSearchParams bodies. Must run before user code (the installer calls it): user code may
 * replace `URLSearchParams.prototype.toString` later.
 */
export function captureSearchParams(): void {
  searchParamsToString ??= uncurryThis(createUrlGlobals().URLSearchParams.prototype.toString);
}

function serializeSearchParams(value: object): string | undefined {
  if (searchParamsToString === undefined) return undefined;
  try {
    return searchParamsToString(value);
  } catch {
    return undefined;
  }
}

/**
 * The Fetch Standard's "extract a body": the bytes (a private copy) and the default
 * `Content-Type` of a string, ArrayBuffer, typed array, DataView, Blob, FormData or
 * URLSearchParams; anything else is turned into a string, as WebIDL does.
 */
export function extractBody(object: unknown): { bytes: Uint8Array; type: string | null } {
  if (typeof object === 'string') {
    return { bytes: utf8Encode(object), type: 'text/plain;charset=UTF-8' };
  }
  if (isObject(object)) {
    if ((object as { [Symbol.asyncIterator]?: unknown })[SymbolAsyncIterator] !== undefined) {
      throw new TypeErrorCtor(
        'Streamed bodies (ReadableStream, async iterables) are not supported in this sandbox: pass a string, ArrayBuffer, typed array, Blob, FormData or URLSearchParams.',
      );
    }
    if (blobInternals.isBlob(object)) {
      const type = blobInternals.typeOf(object);
      return { bytes: blobInternals.bytesOf(object), type: type === '' ? null : type };
    }
    const view = bufferSourceBytes(object);
    if (view !== undefined) return { bytes: TypedArrayPrototypeSlice(view), type: null };
    if (formDataInternals.isFormData(object)) {
      return serializeMultipart(formDataInternals.entriesOf(object));
    }
    const query = serializeSearchParams(object);
    if (query !== undefined) {
      return { bytes: utf8Encode(query), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    }
  }
  return { bytes: utf8Encode(toUSVString(object)), type: 'text/plain;charset=UTF-8' };
}

const emptyBytes = new Uint8ArrayCtor(0);

type BodyKind = 'blob' | 'arrayBuffer' | 'text' | 'json' | 'formData' | 'bytes';

function convert(bytes: Uint8Array, kind: BodyKind, contentType: string | null): unknown {
  switch (kind) {
    case 'text':
      return decodeUtf8Text(bytes);
    case 'json':
      return JSONParse(decodeUtf8Text(bytes));
    case 'arrayBuffer':
      return bytesToArrayBuffer(bytes);
    case 'bytes':
      return TypedArrayPrototypeSlice(bytes);
    case 'blob': {
      const mimeType = extractMimeType(contentType);
      return blobInternals.create(
        TypedArrayPrototypeSlice(bytes),
        mimeType === undefined ? '' : serializeMimeType(mimeType),
      );
    }
    case 'formData': {
      const mimeType = extractMimeType(contentType);
      const essence = mimeType === undefined ? '' : `${mimeType.type}/${mimeType.subtype}`;
      if (essence === 'multipart/form-data') {
        const boundary = MapPrototypeGet(
          (mimeType as { parameters: Map<string, string> }).parameters,
          'boundary',
        );
        return formDataInternals.create(parseMultipart(bytes, boundary));
      }
      if (essence === 'application/x-www-form-urlencoded') {
        const pairs = parseUrlencoded(utf8DecodeWithoutBOM(bytes));
        const entries = createList<FormDataEntry>();
        for (let i = 0; i < pairs.length; i++) {
          const pair = pairs[i] as QueryPair;
          entries[entries.length] = makeEntry(pair[0], pair[1]);
        }
        return formDataInternals.create(entries);
      }
      throw new TypeErrorCtor(
        'Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".',
      );
    }
  }
}

/** Reads a body once: a promise of the converted content, or a rejection when already used. */
function consumeBody(
  body: BodyState,
  kind: BodyKind,
  contentType: string | null,
): Promise<unknown> {
  if (body.used) {
    return PromiseReject(new TypeErrorCtor('Body is unusable: Body has already been read'));
  }
  const bytes = body.bytes;
  if (bytes !== null) {
    body.used = true;
    // Read once: let the bytes go (a clone keeps its own reference).
    body.bytes = emptyBytes;
  }
  if (body.errored) return PromiseReject(body.error);
  try {
    return PromiseResolve(convert(bytes ?? emptyBytes, kind, contentType));
  } catch (error) {
    return PromiseReject(error);
  }
}

/** What the body methods need from a Request or Response: its body and `Content-Type`. */
export type BodyOwnerOf = (
  target: unknown,
) => { body: BodyState; contentType: () => string | null } | undefined;

/**
 * Defines the body methods on `prototype` (enumerable, as undici's `Object.assign` makes them),
 * in undici's order. A receiver of another class gets a rejected promise.
 */
export function defineBodyMethods(prototype: object, ownerOf: BodyOwnerOf): void {
  const make = (kind: BodyKind) =>
    function (this: unknown): Promise<unknown> {
      const owner = ownerOf(this);
      if (owner === undefined) return PromiseReject(illegalInvocation());
      return consumeBody(owner.body, kind, owner.contentType());
    };
  const kinds: BodyKind[] = ['blob', 'arrayBuffer', 'text', 'json', 'formData', 'bytes'];
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i] as BodyKind;
    const method = make(kind);
    ObjectDefineProperty(method, 'name', { value: kind });
    defineData(prototype, kind, method, true);
  }
}
