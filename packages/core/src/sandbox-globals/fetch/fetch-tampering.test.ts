import { beforeEach, describe, expect, it } from 'vitest';
import { createFetchRealm, type FetchRealm, hostResponse } from './fetch-test-realm';
import type { HttpRequestMessage } from './send-http-request';

let realm: FetchRealm;
let sent: HttpRequestMessage[];

beforeEach(async () => {
  realm = await createFetchRealm();
  sent = [];
  realm.setSend(async (request) => {
    // Copied out with the host's own built-ins: the realm's Object.prototype carries traps.
    const copy = Object.fromEntries(Object.entries(request)) as unknown as HttpRequestMessage;
    copy.headers = Array.from({ length: request.headers.length }, (_, i) => {
      const pair = request.headers[i] as [string, string];
      return [pair[0], pair[1]];
    });
    sent.push(copy);
    // An echo: the request's body and Content-Type come back.
    const type = copy.headers.find((pair) => pair[0].toLowerCase() === 'content-type')?.[1];
    return hostResponse(
      Buffer.from(Object.hasOwn(copy, 'body') ? (copy.body as string) : '', 'base64'),
      {
        headers: [
          ['content-type', type ?? 'text/plain'],
          ['set-cookie', 'a=1'],
          ['set-cookie', 'b=2'],
        ],
      },
    );
  });
});

/**
 * User code that replaces the built-ins fetch could lean on with traps: each trap records that it
 * ran and throws. Defines `tamper()` and `restore()` in the realm; the traps are set with
 * originals captured first, so setting them up does not trip earlier traps.
 */
const tamperSource = `
  const define = Object.defineProperty;
  const setPrototype = Object.setPrototypeOf;
  // Null-prototype descriptors: the traps on Object.prototype must not catch the setup itself.
  const getOwnDescriptor = Object.getOwnPropertyDescriptor;
  const describeOwn = (target, key) => {
    const descriptor = getOwnDescriptor(target, key);
    return descriptor === undefined ? undefined : setPrototype(descriptor, null);
  };
  const ErrorCtor = Error;
  const StringCtor = String;
  const trapped = [];
  const saved = [];
  const keep = (list, item) =>
    define(list, list.length, { __proto__: null, value: item, writable: true, enumerable: true, configurable: true });
  const record = (name) => keep(trapped, name);
  function trap(target, key, name) {
    keep(saved, [target, key, describeOwn(target, key)]);
    define(target, key, { __proto__: null, configurable: true, writable: true,
      value: function () { record(name); throw new ErrorCtor('trap: ' + name); } });
  }
  function trapAccessor(target, key, name) {
    keep(saved, [target, key, describeOwn(target, key)]);
    define(target, key, { __proto__: null, configurable: true,
      get() { record('get ' + name); throw new ErrorCtor('trap: get ' + name); },
      set(v) { record('set ' + name); throw new ErrorCtor('trap: set ' + name); } });
  }
  const arrayIteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]());
  const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  // [target, key, name, accessor?], built before anything is replaced.
  const specs = [];
  for (const key of ['push', 'pop', 'shift', 'unshift', 'splice', 'slice', 'concat', 'join', 'map',
    'forEach', 'filter', 'sort', 'indexOf', 'includes', 'find', 'fill', Symbol.iterator])
    specs.push([Array.prototype, key, 'Array#' + StringCtor(key)]);
  specs.push([arrayIteratorPrototype, 'next', 'ArrayIterator#next']);
  for (const key of ['0', '1', '2']) specs.push([Array.prototype, key, 'Array[' + key + ']', true]);
  specs.push([JSON, 'parse', 'JSON.parse'], [JSON, 'stringify', 'JSON.stringify']);
  for (const key of ['then', 'catch', 'finally']) specs.push([Promise.prototype, key, 'Promise#' + key]);
  for (const key of ['resolve', 'reject', 'all']) specs.push([Promise, key, 'Promise.' + key]);
  for (const key of ['toLowerCase', 'toUpperCase', 'charCodeAt', 'slice', 'indexOf', 'split', 'replace',
    'trim', 'padStart', 'startsWith', 'toWellFormed', 'normalize']) specs.push([String.prototype, key, 'String#' + key]);
  specs.push([String, 'fromCharCode', 'String.fromCharCode']);
  for (const key of ['get', 'set', 'has', 'delete', 'forEach']) specs.push([Map.prototype, key, 'Map#' + key]);
  for (const key of ['get', 'set', 'has']) specs.push([WeakMap.prototype, key, 'WeakMap#' + key]);
  for (const key of ['set', 'subarray', 'slice', 'fill']) specs.push([typedArrayPrototype, key, 'TypedArray#' + key]);
  specs.push([ArrayBuffer.prototype, 'slice', 'ArrayBuffer#slice']);
  for (const key of ['call', 'apply', 'bind']) specs.push([Function.prototype, key, 'Function#' + key]);
  for (const key of ['apply', 'ownKeys', 'getOwnPropertyDescriptor', 'construct']) specs.push([Reflect, key, 'Reflect.' + key]);
  for (const key of ['keys', 'defineProperty', 'create', 'setPrototypeOf', 'assign', 'getOwnPropertyDescriptor'])
    specs.push([Object, key, 'Object.' + key]);
  specs.push([Math, 'random', 'Math.random'], [Math, 'floor', 'Math.floor'], [Date, 'now', 'Date.now']);
  specs.push([globalThis, 'decodeURIComponent', 'decodeURIComponent']);
  for (const name of ['Uint8Array', 'ArrayBuffer', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams',
    'AbortController', 'Error', 'TypeError', 'Promise', 'Map', 'Array', 'String', 'Symbol', 'Headers',
    'Blob', 'File', 'FormData', 'Response', 'Request']) specs.push([globalThis, name, name]);
  specs.push([AbortSignal.prototype, 'reason', 'AbortSignal#reason', true],
    [AbortSignal.prototype, 'aborted', 'AbortSignal#aborted', true],
    [AbortController.prototype, 'abort', 'AbortController#abort'],
    [Blob.prototype, 'type', 'Blob#type', true], [Blob.prototype, 'size', 'Blob#size', true],
    [File.prototype, 'name', 'File#name', true], [Response.prototype, 'headers', 'Response#headers', true],
    [URLSearchParams.prototype, 'toString', 'URLSearchParams#toString'],
    [FormData.prototype, Symbol.iterator, 'FormData#@@iterator']);
  for (const key of ['get', 'append', 'set', 'has', 'entries', Symbol.iterator])
    specs.push([Headers.prototype, key, 'Headers#' + StringCtor(key)]);
  // Last: node:vm's contextified global trips over descriptor traps while globals are replaced.
  // Not 'then': resolving a promise with an object reads its 'then' (the standard; Node does too).
  for (const key of ['method', 'url', 'headers', 'body', 'status', 'name', 'value', 'type', 'cause',
    'get', 'set', 'writable', 'enumerable', 'configurable', 'done'])
    specs.push([Object.prototype, key, 'Object#' + key, true]);
  function tamper() {
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i];
      if (spec[3]) trapAccessor(spec[0], spec[1], spec[2]);
      else trap(spec[0], spec[1], spec[2]);
    }
  }
  function restore() {
    for (let i = saved.length - 1; i >= 0; i--) {
      const entry = saved[i];
      if (entry[2] === undefined) delete entry[0][entry[1]];
      else define(entry[0], entry[1], entry[2]);
    }
  }
`;

describe('fetch against user code that replaces built-ins', () => {
  it('builds, sends and reads requests and responses without touching any replaced built-in', async () => {
    const outcome = await realm.evaluate(`
      ${tamperSource}
      // What the program prepares with the real built-ins, before it tampers.
      const form = new FormData();
      form.append('note', 'é€');
      form.append('file', new Blob([new Uint8Array([0, 1, 255])], { type: 'application/x-bin' }), 'f.bin');
      const params = new URLSearchParams({ q: 'a b' });
      const controller = new AbortController();
      const abort = controller.abort.bind(controller);
      const apply = Reflect.apply;
      const RequestCtor = Request;
      const U8 = Uint8Array;
      const responseHeaders = Object.getOwnPropertyDescriptor(Response.prototype, 'headers').get;
      const blobType = Object.getOwnPropertyDescriptor(Blob.prototype, 'type').get;
      const getSetCookie = Headers.prototype.getSetCookie;
      const results = {};
      tamper();
      try {
        // Null-prototype inits: reading an absent member of a user's init walks its prototype
        // chain (WebIDL; Node does too), which would hit the traps on Object.prototype.
        const response = await fetch('https://api.example.test/json', { __proto__: null,
          method: 'POST', body: '{"a":[1,"é"]}', headers: { __proto__: null, 'Content-Type': 'application/json', 'X-A': ' 1 ' },
        });
        const cookies = apply(getSetCookie, apply(responseHeaders, response, []), []);
        results.cookies = [cookies.length, cookies[0], cookies[1]];
        results.blobType = apply(blobType, await response.clone().blob(), []);
        results.json = await response.json();
      } catch (e) {
        results.jsonError = '' + e.message;
      }
      try {
        const echoed = await fetch(new RequestCtor('https://api.example.test/form', { __proto__: null, method: 'PUT', body: form }));
        const parsed = await echoed.formData();
        results.form = [parsed.get('note'), new U8(await parsed.get('file').arrayBuffer())[2]];
      } catch (e) {
        results.formError = '' + e.message;
      }
      try {
        results.params = await (await fetch('https://api.example.test/q', { __proto__: null, method: 'POST', body: params })).text();
      } catch (e) {
        results.paramsError = '' + e.message;
      }
      try {
        const pending = fetch('https://api.example.test/slow', { __proto__: null, signal: controller.signal });
        abort('stopped');
        await pending;
      } catch (e) {
        results.aborted = e;
      }
      try {
        await fetch('/relative');
      } catch (e) {
        results.refused = '' + e.message;
      }
      restore();
      return { results, trapped };
    `);
    expect(outcome).toMatchObject({ ok: true });
    const value = (outcome as { value: { results: Record<string, unknown>; trapped: string[] } })
      .value;
    expect(value.trapped).toEqual([]);
    expect(value.results).toEqual({
      cookies: [2, 'a=1', 'b=2'],
      blobType: 'application/json',
      json: { a: [1, 'é'] },
      form: ['é€', 255],
      params: 'q=a+b',
      aborted: 'stopped',
      refused: 'Failed to parse URL from /relative',
    });
    // What crossed to the host is still plain data.
    expect(sent.map((request) => request.method)).toEqual(['POST', 'PUT', 'POST', 'GET']);
    expect(sent[0]?.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['X-A', '1'],
    ]);
  });
});

describe('what user code can reach', () => {
  it('finds no state on the objects: no own properties, no symbols, nothing cloneable', async () => {
    const outcome = await realm.evaluate(`
      const response = await fetch('https://api.example.test/', { method: 'POST', body: 'x' });
      const objects = [new Headers({ a: '1' }), new Request('https://a.test/'), response, new FormData(),
        new Blob(['x']), new File(['x'], 'f'), response.headers, new Headers().entries()];
      return objects.map((o) => [Reflect.ownKeys(o).length, (() => {
        try { structuredClone(o); return 'cloned' } catch (e) { return e.name }
      })()]);
    `);
    expect(outcome).toEqual({
      ok: true,
      value: [
        [0, 'DataCloneError'],
        [0, 'DataCloneError'],
        [0, 'DataCloneError'],
        [0, 'DataCloneError'],
        [0, 'DataCloneError'],
        [0, 'DataCloneError'],
        [0, 'DataCloneError'],
        [0, 'cloned'],
      ],
    });
  });

  it('cannot call internal constructors through the public ones', async () => {
    const outcome = await realm.evaluate(`
      const tries = [() => new Response(Symbol('Response'), { state: {}, guard: 'none' }),
        () => new Request(Symbol('Request'), { state: {} }), () => new Headers(Symbol('Headers'))];
      return tries.map((f) => { try { f(); return 'built' } catch (e) { return e.name } });
    `);
    expect(outcome).toEqual({ ok: true, value: ['TypeError', 'TypeError', 'TypeError'] });
  });
});
