import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { loadEsbuild } from '../test-realm';
import type { HttpRequestMessage, HttpResponseMessage } from './send-http-request';

let bundlePromise: Promise<string> | undefined;

/** The sandbox globals and the fetch installer as one IIFE defining `__sandboxGlobals`. */
export function bundleWithFetch(): Promise<string> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  bundlePromise ??= loadEsbuild()
    .build({
      stdin: {
        contents: `export * from '../index.ts';\nexport { installFetch } from './install-fetch.ts';\n`,
        resolveDir: here,
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      platform: 'neutral',
      target: 'es2023',
      globalName: '__sandboxGlobals',
      write: false,
    })
    .then((result) => (result.outputFiles[0] as { text: string }).text);
  return bundlePromise;
}

/** The fake host transport: what the sandbox calls for each request. */
export type FakeSend = (request: HttpRequestMessage) => Promise<HttpResponseMessage>;

/** How an evaluation ended, as plain JSON (values must be JSON-serializable). */
export type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: ErrorDescription | { thrown: unknown } };

export interface ErrorDescription {
  name: unknown;
  message: unknown;
  code?: unknown;
  isTypeError: boolean;
  cause?: ErrorDescription | { thrown: unknown };
}

export interface FetchRealm {
  context: vm.Context;
  run<T = unknown>(code: string): T;
  /** Sets the transport `fetch` will use (undefined: the run has no network). */
  setSend(send: FakeSend | undefined): void;
  /** Runs an async function body in the realm and waits (pumping microtasks) for its outcome. */
  evaluate(body: string): Promise<Outcome>;
  /** Errors the realm reported (event listeners, microtasks). */
  errors: unknown[];
}

/** Describes a thrown value the same way in both realms (as source, evaluated in each). */
const describeSource = `function describe(e) {
  if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return { thrown: e };
  const out = { name: e.name, message: e.message, isTypeError: e instanceof TypeError };
  if (e.code !== undefined) out.code = e.code;
  if (e.cause !== undefined) out.cause = describe(e.cause);
  return out;
}`;

/** A fresh realm with the web globals, timers and fetch installed. */
export async function createFetchRealm(): Promise<FetchRealm> {
  const bundle = await bundleWithFetch();
  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  const errors: unknown[] = [];
  let send: FakeSend | undefined;
  context.__host = {
    seed: Array.from(crypto.getRandomValues(new Uint8Array(32))),
    now: () => performance.now(),
    reportError: (error: unknown) => errors.push(error),
    getSend: () => send,
  };
  vm.runInContext(bundle, context);
  vm.runInContext(
    `(() => {
      const host = globalThis.__host;
      const globals = globalThis.__sandboxGlobals;
      delete globalThis.__host;
      delete globalThis.__sandboxGlobals;
      globals.installWebGlobals(globalThis, {
        randomSeed: new Uint8Array(host.seed),
        now: host.now,
        timeOrigin: 1_700_000_000_000,
        reportError: host.reportError,
      });
      const queue = globals.createTimerQueue({ now: host.now });
      globals.installTimers(globalThis, queue);
      globals.installFetch(globalThis, () => host.getSend());
      // The harness keeps its own intrinsics: tests tamper with the realm's.
      const stringify = JSON.stringify;
      const state = { done: true, result: '' };
      ${describeSource}
      Object.defineProperty(globalThis, '__harness', { value: {
        state,
        start(fn) {
          state.done = false;
          (async () => {
            let out;
            try { out = { ok: true, value: await fn() }; }
            catch (e) { out = { ok: false, error: describe(e) }; }
            state.result = stringify(out);
            state.done = true;
          })();
        },
      } });
    })()`,
    context,
  );
  const run = <T>(code: string) => vm.runInContext(code, context) as T;
  return {
    context,
    run,
    errors,
    setSend(next) {
      send = next;
    },
    async evaluate(body) {
      run(`__harness.start(async () => {\n${body}\n})`);
      for (let i = 0; i < 1000; i++) {
        if (run<boolean>('__harness.state.done')) {
          return JSON.parse(run<string>('__harness.state.result')) as Outcome;
        }
        await new Promise((resolve) => setImmediate(resolve));
        run('0');
      }
      throw new Error('the evaluation did not settle');
    },
  };
}

const AsyncFunction = (async () => {}).constructor as new (body: string) => () => Promise<unknown>;
const describeInNode = new Function(`${describeSource}; return describe;`)() as (
  error: unknown,
) => Outcome['error' & keyof Outcome];

/** Runs the same async function body in Node (its own fetch classes) and describes the outcome. */
export async function evaluateInNode(body: string): Promise<Outcome> {
  try {
    const value = await new AsyncFunction(body)();
    return JSON.parse(JSON.stringify({ ok: true, value })) as Outcome;
  } catch (error) {
    return JSON.parse(JSON.stringify({ ok: false, error: describeInNode(error) })) as Outcome;
  }
}

/** A host answer with a text or byte body. */
export function hostResponse(
  body: string | Uint8Array = '',
  options: Partial<Omit<HttpResponseMessage, 'body'>> = {},
): HttpResponseMessage {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    status: options.status ?? 200,
    statusText: options.statusText ?? 'OK',
    headers: options.headers ?? [],
    url: options.url ?? 'https://api.example.test/',
    redirected: options.redirected ?? false,
    body: Buffer.from(bytes).toString('base64'),
  };
}
