import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeInterpreter } from '../src/interpreter/code-interpreter';
import type { CodeInterpreterOptions } from '../src/interpreter/code-interpreter-options';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';
import {
  type LoopbackTestServer,
  startLoopbackTestServer,
} from '../src/network/loopback-test-server';

/**
 * The network contract's programs in one language. Each gets `BASE` (the loopback server's
 * `http://127.0.0.1:<port>`) and `PORT` substituted, and prints what it found.
 */
export interface NetworkPrograms {
  /** GETs `url` and prints the status, then the JSON body's `url` field; on failure prints `FAILED <message>`. */
  get(url: string): string;
  /** POSTs `{"n": 42}` as JSON to `url` and prints the JSON body's `body` field. */
  postJson(url: string): string;
  /** GETs `url` and prints the response header `x-echo-authorization` (or `FAILED <message>`). */
  echoedAuthorization(url: string): string;
}

/** Options of {@link networkContract}. */
export interface NetworkContractOptions {
  name: string;
  language: 'javascript' | 'python';
  options: CodeInterpreterOptions;
  programs: NetworkPrograms;
}

const secret = 'Bearer TOPSECRET-0123456789';

/**
 * One suite for the network policy, run against every runtime, with a loopback HTTP server the
 * test starts: no network without a policy; an allowed host answers; a run narrows the policy; a
 * redirect to a host not allowed is refused; a name resolving to a private address is refused;
 * a secret reaches the server and not the code's headers; size and time caps; every hop recorded.
 */
export function networkContract({ name, language, options, programs }: NetworkContractOptions) {
  describe(`network: ${name}`, () => {
    let server: LoopbackTestServer;
    let interpreter: CodeInterpreter;
    let base: string;
    beforeAll(async () => {
      server = await startLoopbackTestServer();
      base = `http://127.0.0.1:${server.port}`;
      interpreter = createCodeInterpreter({
        ...options,
        workers: 1,
        network: {
          allow: [
            `127.0.0.1:${server.port}`,
            `api.test:${server.port}`,
            `private.test:${server.port}`,
          ],
          lookup: async (host) =>
            host === 'private.test' ? ['10.0.0.1'] : host === 'api.test' ? ['127.0.0.1'] : [],
          secrets: {
            [`api.test:${server.port}`]: { headers: { authorization: secret }, allowHttp: true },
          },
          maxResponseBytes: 100_000,
          timeoutMs: 1_500,
        },
      });
    });
    afterAll(async () => {
      await interpreter?.close();
      await server?.close();
    });
    const run = (code: string, network?: CodeInterpreterOptions['network']) =>
      interpreter.run({ language, code }, network ? { network } : {});

    it('an allowed host answers, GET and POST, and each request is recorded', async () => {
      const got = await run(programs.get(`${base}/echo?x=1`));
      expect(got.stdout.trim().split('\n')).toEqual(['200', '/echo?x=1']);
      expect(got.network).toEqual([
        expect.objectContaining({ method: 'GET', url: `${base}/echo?x=1`, status: 200 }),
      ]);
      const posted = await run(programs.postJson(`${base}/echo`));
      expect(JSON.parse(posted.stdout.trim())).toEqual({ n: 42 });
    });

    it('a run narrows the policy: a host the run does not allow is refused', async () => {
      const result = await run(programs.get(`${base}/echo`), { allow: ['api.example.com'] });
      expect(result.stdout).toMatch(/^FAILED .*not on the network allowlist/m);
      expect(result.network?.[0]?.denied).toMatch(/allowlist/);
    });

    it('a redirect to a host that is not allowed is refused', async () => {
      const to = encodeURIComponent(`http://denied.test:${server.port}/echo`);
      const result = await run(programs.get(`${base}/redirect?to=${to}`));
      expect(result.stdout).toMatch(/^FAILED .*denied\.test/m);
      expect(result.network?.map((hop) => hop.status ?? hop.denied?.slice(0, 14))).toEqual([
        302,
        'Network access',
      ]);
    });

    it('a name that resolves to a private address is refused, although the name is allowed', async () => {
      const result = await run(programs.get(`http://private.test:${server.port}/echo`));
      expect(result.stdout).toMatch(/^FAILED .*private/m);
      expect(
        server.received.some((request) => request.headers.host?.startsWith('private.test')),
      ).toBe(false);
    });

    it('a secret reaches the server but not the headers the code reads', async () => {
      const before = server.received.length;
      const result = await run(programs.echoedAuthorization(`http://api.test:${server.port}/echo`));
      expect(server.received.slice(before).map((request) => request.headers.authorization)).toEqual(
        [secret],
      );
      expect(result.stdout.trim()).toBe('[secret]');
      expect(JSON.stringify(result)).not.toContain('TOPSECRET');
    });

    it('a response over maxResponseBytes and a server that never answers fail with the reason', async () => {
      const big = await run(programs.get(`${base}/sized?bytes=300000`));
      expect(big.stdout).toMatch(/^FAILED .*100000/m);
      const slow = await run(programs.get(`${base}/slow`));
      expect(slow.stdout).toMatch(/^FAILED .*(time|1500|1\.5)/im);
    });

    it('without a policy on the interpreter there is no network, and a run cannot add one', async () => {
      const closed = createCodeInterpreter({ ...options, workers: 1 });
      try {
        const result = await closed.run({ language, code: programs.get(`${base}/echo`) });
        expect(result.stdout).toMatch(/^FAILED .*no network/m);
        expect(result.network).toBeUndefined();
        await expect(
          closed.run({ language, code: '1' }, { network: { allow: ['127.0.0.1'] } }),
        ).rejects.toThrow(/can only narrow the interpreter's/);
      } finally {
        await closed.close();
      }
    });
  });
}
