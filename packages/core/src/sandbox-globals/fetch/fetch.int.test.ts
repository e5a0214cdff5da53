import { randomBytes } from 'node:crypto';
import ivm from 'isolated-vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWithFetch } from './fetch-test-realm';
import type { HttpRequestMessage, HttpResponseMessage } from './send-http-request';

/**
 * fetch in a real isolated-vm isolate, the way a runtime wires it: the bundle evaluated in a fresh
 * context, `installFetch` given a `send` that calls a host Reference with copied arguments and a
 * copied promise result. What crosses must survive ivm's copy (plain strings and arrays only).
 */

let isolate: ivm.Isolate;
let script: ivm.Script;

const install = `(() => {
  const globals = globalThis.__sandboxGlobals;
  const host = globalThis.__host;
  delete globalThis.__sandboxGlobals;
  delete globalThis.__host;
  globals.installWebGlobals(globalThis, { randomSeed: host.seed, now: host.now, timeOrigin: host.timeOrigin });
  const send = (request) => host.send.apply(undefined, [request], {
    arguments: { copy: true },
    result: { promise: true, copy: true },
  });
  globals.installFetch(globalThis, () => (host.network ? send : undefined));
})()`;

function createContext(
  network: boolean,
  answer: (request: HttpRequestMessage) => Promise<HttpResponseMessage>,
): ivm.Context {
  const context = isolate.createContextSync();
  context.global.setSync('__host', {}, { copy: true });
  const host = context.global.getSync('__host') as ivm.Reference<Record<string, unknown>>;
  host.setSync('seed', new ivm.ExternalCopy(new Uint8Array(randomBytes(32))).copyInto());
  host.setSync('now', new ivm.Callback(() => performance.now()));
  host.setSync('timeOrigin', Date.now());
  host.setSync('network', network);
  host.setSync('send', new ivm.Reference(answer));
  host.release();
  script.runSync(context);
  context.evalSync(install);
  return context;
}

beforeAll(async () => {
  isolate = new ivm.Isolate({ memoryLimit: 64 });
  script = isolate.compileScriptSync(await bundleWithFetch(), { filename: 'sandbox-globals.js' });
});

afterAll(() => {
  isolate?.dispose();
});

describe('fetch in an isolated-vm isolate', () => {
  it('sends a request through a host Reference and reads the answer', async () => {
    const seen: HttpRequestMessage[] = [];
    const context = createContext(true, async (request) => {
      seen.push(request);
      return {
        status: 200,
        statusText: 'OK',
        headers: [['content-type', 'application/json']],
        url: request.url,
        redirected: false,
        body: Buffer.from(
          JSON.stringify({ echo: Buffer.from(request.body ?? '', 'base64').toString() }),
        ).toString('base64'),
      };
    });
    const result = await context.eval(
      `(async () => {
        const response = await fetch('https://api.example.test/x', {
          method: 'POST', headers: { 'X-A': '1' }, body: 'héllo',
        });
        return JSON.stringify([response.status, response.headers.get('content-type'), await response.json()]);
      })()`,
      { promise: true },
    );
    expect(JSON.parse(result as string)).toEqual([200, 'application/json', { echo: 'héllo' }]);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: 'https://api.example.test/x',
        headers: [
          ['X-A', '1'],
          ['content-type', 'text/plain;charset=UTF-8'],
        ],
        body: Buffer.from('héllo').toString('base64'),
      },
    ]);
    context.release();
  });

  it('turns a host refusal into TypeError("fetch failed") with the reason as cause', async () => {
    // Rejected a tick later: ivm subscribes to the returned promise after the call returns, and a
    // promise rejected before that counts as an unhandled rejection in Node.
    const context = createContext(
      true,
      () =>
        new Promise((_, reject) =>
          setImmediate(() => reject(new Error('denied by the network policy: evil.test'))),
        ),
    );
    const result = await context.eval(
      `fetch('https://evil.test/').catch((e) => JSON.stringify([e.name, e.message, e.cause.message]))`,
      { promise: true },
    );
    expect(JSON.parse(result as string)).toEqual([
      'TypeError',
      'fetch failed',
      'denied by the network policy: evil.test',
    ]);
    context.release();
  });

  it('says there is no network when the run allows none', async () => {
    const context = createContext(false, async () => {
      throw new Error('must not be called');
    });
    const result = await context.eval(`fetch('https://a.test/').catch((e) => e.cause.message)`, {
      promise: true,
    });
    expect(result).toBe('this sandbox has no network: the application did not allow any host');
    context.release();
  });
});
