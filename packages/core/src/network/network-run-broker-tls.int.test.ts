import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLookup } from './loopback-test-server';
import { NetworkRunBroker } from './network-run-broker';
import { resolveNetworkPolicy } from './resolve-network-policy';

const token = 'tls-secret-token-0123456789';

// The certificate is made with the openssl command (Debian package `openssl`, installed by
// scripts/dev.sh): without it these tests fail, they do not skip.
describe('NetworkRunBroker over https (a certificate for api.test, served on 127.0.0.1)', () => {
  let server: https.Server;
  let port: number;
  let certificate: string;
  const seen: Array<{ servername: string | false; authorization: string | undefined }> = [];

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'network-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          join(folder, 'key.pem'),
          '-out',
          join(folder, 'cert.pem'),
          '-days',
          '2',
          '-subj',
          '/CN=api.test',
          '-addext',
          'subjectAltName=DNS:api.test',
        ],
        { stdio: 'ignore' },
      );
      certificate = readFileSync(join(folder, 'cert.pem'), 'utf8');
      server = https.createServer(
        { key: readFileSync(join(folder, 'key.pem')), cert: certificate },
        (request, response) => {
          const socket = request.socket as import('node:tls').TLSSocket;
          seen.push({
            servername: (socket as unknown as { servername: string | false }).servername,
            authorization: request.headers.authorization,
          });
          response.end('secure hello');
        },
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const broker = (trusted: boolean) =>
    new NetworkRunBroker(
      resolveNetworkPolicy(
        {
          lookup: testLookup({ 'api.test': ['127.0.0.1'], 'other.test': ['127.0.0.1'] }),
          allow: [`api.test:${port}`, `other.test:${port}`, `127.0.0.1:${port}`],
          secrets: { [`api.test:${port}`]: { headers: { authorization: `Bearer ${token}` } } },
        },
        'network',
      ),
      { timeoutMs: 10_000, ...(trusted ? { trustedCertificates: [certificate] } : {}) },
    );

  it('connects to the pinned address while TLS verifies the host name, and sends the https-only secret', async () => {
    const network = broker(true);
    const answer = await network.fetch({
      method: 'GET',
      url: `https://api.test:${port}/`,
      headers: [],
    });
    network.finish();
    expect(answer).toMatchObject({ ok: true, status: 200 });
    expect(answer.ok && Buffer.from(answer.body, 'base64').toString()).toBe('secure hello');
    expect(seen.at(-1)).toEqual({ servername: 'api.test', authorization: `Bearer ${token}` });
  });

  it('refuses a certificate that is not for the host name, though the address is the same', async () => {
    const network = broker(true);
    const answer = await network.fetch({
      method: 'GET',
      url: `https://other.test:${port}/`,
      headers: [],
    });
    network.finish();
    expect(answer).toEqual({
      ok: false,
      message: `The request to other.test:${port} failed: the server's TLS certificate is not for this host name (ERR_TLS_CERT_ALTNAME_INVALID).`,
    });
  });

  it('refuses a certificate nobody trusts', async () => {
    const network = broker(false);
    const answer = await network.fetch({
      method: 'GET',
      url: `https://api.test:${port}/`,
      headers: [],
    });
    network.finish();
    expect(answer).toMatchObject({
      ok: false,
      message: expect.stringContaining("the server's TLS certificate was not accepted"),
    });
    expect(JSON.stringify(answer)).not.toContain(token);
  });
});
