import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArguments } from '../parse-cli-arguments';
import { UsageError } from '../usage-error';
import { natsSecurityFromFlags, parseNatsFlags } from './nats-flags';

const folder = mkdtempSync(join(tmpdir(), 'nats-flags-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string) => {
  const path = join(folder, name);
  writeFileSync(path, name);
  return path;
};

describe('NATS security flags', () => {
  it('parses them for host and mcp --nats, with --workers and --max-sessions for host', () => {
    expect(
      parseCliArguments([
        'host',
        '--nats',
        'tls://n:4222',
        '--nats-creds',
        '/s/host.creds',
        '--nats-ca',
        '/s/ca.pem',
        '--workers',
        '3',
        '--max-sessions',
        '40',
      ]),
    ).toMatchObject({
      name: 'host',
      natsFlags: { credsFile: '/s/host.creds', caFile: '/s/ca.pem' },
      workers: 3,
      maxSessions: 40,
    });
    expect(
      parseCliArguments([
        'mcp',
        '--nats',
        'n',
        '--nats-token-env',
        'NATS_TOKEN',
        '--nats-cert',
        'c.pem',
        '--nats-key',
        'k.pem',
      ]),
    ).toMatchObject({
      name: 'mcp',
      natsFlags: { tokenEnv: 'NATS_TOKEN', certFile: 'c.pem', keyFile: 'k.pem' },
    });
  });

  it('refuses them where they do not apply, and a token on the command line', () => {
    const refused = (argv: string[], message: string) => {
      expect(() => parseCliArguments(argv)).toThrow(UsageError);
      expect(() => parseCliArguments(argv)).toThrow(message);
    };
    refused(['mcp', '--nats-creds', 'x.creds'], '--nats-creds needs --nats.');
    refused(['run', 'f.js', '--nats-ca', 'ca.pem'], "--nats-ca only applies to 'mcp' and 'host'.");
    refused(['mcp', '--nats', 'n', '--workers', '2'], "--workers only applies to 'host'.");
    refused(['host', '--nats', 'n', '--max-sessions', '0'], '--max-sessions must be at least 1.');
    refused(
      ['host', '--nats', 'n', '--nats-creds', 'a', '--nats-token-env', 'T'],
      '--nats-creds and --nats-token-env are two kinds of credentials: give one.',
    );
    refused(
      ['host', '--nats', 'n', '--nats-cert', 'c.pem'],
      '--nats-cert and --nats-key go together: give both or neither.',
    );
    refused(
      ['host', '--nats', 'n', '--nats-token-env', 's3cr3t-t0ken!'],
      "--nats-token-env takes the name of an environment variable (the token itself never goes on the command line), not 's3cr3t-t0ken!'.",
    );
  });

  it('reads the token from the environment and checks the files now', () => {
    expect(natsSecurityFromFlags(undefined, {})).toEqual({});
    expect(natsSecurityFromFlags({ tokenEnv: 'NATS_TOKEN' }, { NATS_TOKEN: 'abc' })).toEqual({
      credentials: { token: 'abc' },
    });
    const creds = file('host.creds');
    const ca = file('ca.pem');
    const cert = file('cert.pem');
    const key = file('key.pem');
    expect(
      natsSecurityFromFlags({ credsFile: creds, caFile: ca, certFile: cert, keyFile: key }, {}),
    ).toEqual({
      credentials: { credsFile: creds },
      tls: { caFile: ca, certFile: cert, keyFile: key },
    });
    expect(() => natsSecurityFromFlags({ tokenEnv: 'NATS_TOKEN' }, { NATS_TOKEN: '' })).toThrow(
      '--nats-token-env NATS_TOKEN: that environment variable is unset or empty; export the NATS token in it.',
    );
    const missing = join(folder, 'missing.creds');
    expect(() => natsSecurityFromFlags({ credsFile: missing }, {})).toThrow(
      `--nats-creds ${missing}: cannot read the file (ENOENT).`,
    );
    expect(parseNatsFlags({})).toBeUndefined();
  });
});
