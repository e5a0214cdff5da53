import { defineGlobalValue, fixName } from '../define-global';
import { Blob } from './blob';
import { captureSearchParams } from './body';
import { createFetch } from './fetch';
import { File } from './file';
import { FormData } from './form-data';
import { Headers } from './headers';
import { Request } from './request';
import { Response } from './response';
import type { SendHttpRequest } from './send-http-request';

/** The fetch globals of one sandbox. */
export interface FetchGlobals {
  fetch: (input: unknown, init?: unknown) => Promise<Response>;
  Headers: typeof Headers;
  Request: typeof Request;
  Response: typeof Response;
  FormData: typeof FormData;
  Blob: typeof Blob;
  File: typeof File;
}

/**
 * Builds the WHATWG fetch API of a sandbox: `fetch`, `Headers`, `Request`, `Response`,
 * `FormData`, and the `Blob` and `File` that FormData bodies need. Each `fetch` call reads
 * `send()`: the host's transport for this run, or undefined when the run has no network (fetch
 * then rejects with `TypeError('fetch failed')`, its cause saying the sandbox has no network).
 *
 * Like the other sandbox globals, the bundle holding this must be evaluated in the sandbox's realm
 * before any user code, and this must be called before user code runs there: it captures the
 * intrinsics it relies on (including `URLSearchParams`'s serializer), so later changes to
 * `Array.prototype`, `JSON.parse`, `Promise.prototype.then` and the like cannot redirect it.
 * Safe inside a heap snapshot: nothing here depends on the run until `send()` is called.
 *
 * @example
 * const globals = createFetchGlobals(() => currentRun?.sendHttpRequest);
 * installFetchGlobals(globalThis, globals);
 */
export function createFetchGlobals(send: () => SendHttpRequest | undefined): FetchGlobals {
  captureSearchParams();
  const fetch = createFetch(send);
  const globals: FetchGlobals = { fetch, Headers, Request, Response, FormData, Blob, File };
  fixName(fetch, 'fetch');
  fixName(Headers, 'Headers');
  fixName(Request, 'Request');
  fixName(Response, 'Response');
  fixName(FormData, 'FormData');
  fixName(Blob, 'Blob');
  fixName(File, 'File');
  return globals;
}

/**
 * Defines the fetch globals on `target`, writable, configurable and not enumerable, as Node
 * defines them.
 */
export function installFetchGlobals(target: object, globals: FetchGlobals): void {
  defineGlobalValue(target, 'fetch', globals.fetch);
  defineGlobalValue(target, 'Headers', globals.Headers);
  defineGlobalValue(target, 'Request', globals.Request);
  defineGlobalValue(target, 'Response', globals.Response);
  defineGlobalValue(target, 'FormData', globals.FormData);
  defineGlobalValue(target, 'Blob', globals.Blob);
  defineGlobalValue(target, 'File', globals.File);
}

/**
 * `createFetchGlobals(send)` then `installFetchGlobals(target, ...)`: gives `target` (a fresh
 * sandbox realm's global object) `fetch`, `Headers`, `Request`, `Response`, `FormData`, `Blob`
 * and `File`. Call it once per realm, before user code, after `installWebGlobals` or
 * `prepareWebGlobals` (fetch uses their `AbortSignal`).
 *
 * @example
 * installFetch(globalThis, () => (networkAllowed ? sendThroughHost : undefined));
 */
export function installFetch(target: object, send: () => SendHttpRequest | undefined): void {
  installFetchGlobals(target, createFetchGlobals(send));
}
