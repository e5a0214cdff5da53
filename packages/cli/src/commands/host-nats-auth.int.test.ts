import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsServer, type TestNatsServer } from '../../../remote/src/test-support/nats-server';
import {
  makeTestCertificates,
  type TestCertificates,
} from '../../../remote/src/test-support/test-certificates';
import { assertCliBuilt } from '../test-support/built-cli';

// `host` and `mcp --nats` from the built CLI against a nats-server that requires TLS (a test CA)
// and a token: the token comes from an environment variable, the CA from --nats-ca.

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const token = 'fleet-token-from-the-environment-0123456789';
let folder: string;
let certificates: TestCertificates;
let nats: TestNatsServer;
let host: ChildProcess | undefined;
const clients: Client[] = [];

beforeAll(async () => {
  assertCliBuilt();
  folder = mkdtempSync(join(tmpdir(), 'cli-nats-auth-'));
  certificates = makeTestCertificates(folder);
  nats = await startNatsServer({
    configFile: (port) => {
      const file = join(folder, 'nats.conf');
      const tls = { cert_file: certificates.serverCertFile, key_file: certificates.serverKeyFile };
      writeFileSync(
        file,
        JSON.stringify({ listen: `127.0.0.1:${port}`, tls, authorization: { token } }),
      );
      return file;
    },
  });
});

afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  if (host && host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
  await nats?.stop();
  rmSync(folder, { recursive: true, force: true });
});

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('host and mcp --nats with a token and TLS', () => {
  it('serves with the token from the environment and the CA, nothing secret in the arguments', async () => {
    const args = ['host', '--nats', nats.url, '--nats-token-env', 'FLEET_TOKEN'];
    const hostArgs = [
      ...args,
      '--nats-ca',
      certificates.caFile,
      '--workers',
      '1',
      '--max-sessions',
      '2',
    ];
    host = spawn(process.execPath, [cli, ...hostArgs], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, FLEET_TOKEN: token },
    });
    let hostStderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`host did not serve: ${hostStderr}`)),
        30_000,
      );
      host?.stderr?.on('data', (chunk: Buffer) => {
        hostStderr += chunk.toString();
        if (!/serving on NATS/.test(hostStderr)) return;
        clearTimeout(timer);
        resolve();
      });
      host?.once('exit', (code) => reject(new Error(`host exited with ${code}: ${hostStderr}`)));
    });
    expect(hostArgs.join(' ')).not.toContain(token);

    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        cli,
        'mcp',
        '--nats',
        nats.url,
        '--nats-token-env',
        'FLEET_TOKEN',
        '--nats-ca',
        certificates.caFile,
      ],
      env: { ...(process.env as Record<string, string>), FLEET_TOKEN: token },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'nats-auth-test', version: '1.0.0' });
    clients.push(client);
    await client.connect(transport);
    const result = await client.callTool({
      name: 'run_code',
      arguments: { language: 'javascript', code: 'console.log(6 * 7)' },
    });
    expect(result.isError).toBeFalsy();
    expect((result.content as Array<{ text?: string }>)[0]?.text).toContain('42');
  });

  it('exits 2 when the token is wrong, unset, or the CA is not given', async () => {
    const base = ['mcp', '--nats', nats.url, '--nats-token-env', 'FLEET_TOKEN'];
    const wrong = await runCli([...base, '--nats-ca', certificates.caFile], {
      FLEET_TOKEN: `${token}-not`,
    });
    expect(wrong).toEqual({
      code: 2,
      stderr: `code-interpreter: NATS at ${nats.url} refused this connection's credentials (Authorization Violation): check --nats-creds or --nats-token-env.\n`,
    });
    const unset = await runCli([...base, '--nats-ca', certificates.caFile], { FLEET_TOKEN: '' });
    expect(unset).toEqual({
      code: 2,
      stderr:
        'code-interpreter: --nats-token-env FLEET_TOKEN: that environment variable is unset or empty; export the NATS token in it.\n',
    });
    const noCa = await runCli(base, { FLEET_TOKEN: token });
    expect(noCa.code).not.toBe(0);
    expect(noCa.stderr).toMatch(/certificate/i);
  });
});
