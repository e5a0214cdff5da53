import { createCodeInterpreter, InvalidInputError } from '@code-interpreter/core';
import { describe, expect, it } from 'vitest';
import { parseCliArguments } from '../parse-cli-arguments';
import { UsageError } from '../usage-error';
import {
  type NetworkFlags,
  networkPolicyFromFlags,
  parseSecretHeaderFlag,
  withNetworkFlagNames,
} from './network-flags';

function flags(partial: Partial<NetworkFlags>): NetworkFlags {
  return { allow: [], deny: [], secretHeaders: [], ...partial };
}

/** The error `action` throws. */
function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('--allow-net, --deny-net and --secret-header', () => {
  it('are read by run, repl and mcp, each repeatable, in order', () => {
    for (const command of [['run', 'main.js'], ['repl'], ['mcp']]) {
      expect(
        parseCliArguments([
          ...command,
          '--allow-net',
          'api.github.com',
          '--allow-net=*.example.org:8443',
          '--deny-net',
          'internal.example.org',
          '--secret-header',
          'api.github.com=Authorization:env:GITHUB_AUTH',
        ]),
      ).toMatchObject({
        network: {
          allow: ['api.github.com', '*.example.org:8443'],
          deny: ['internal.example.org'],
          secretHeaders: [
            {
              host: 'api.github.com',
              header: 'Authorization',
              envVar: 'GITHUB_AUTH',
              allowHttp: false,
            },
          ],
        },
      });
    }
    expect(parseCliArguments(['mcp'])).not.toHaveProperty('network');
  });

  it('read a secret header as host=Header:env:VAR, http:// marking a header also sent over http', () => {
    expect(parseSecretHeaderFlag('http://127.0.0.1:8080=X-Api-Key:env:API_KEY')).toEqual({
      host: '127.0.0.1:8080',
      header: 'X-Api-Key',
      envVar: 'API_KEY',
      allowHttp: true,
      text: 'http://127.0.0.1:8080=X-Api-Key:env:API_KEY',
    });
    expect(parseSecretHeaderFlag('https://[2001:db8::1]:443=Authorization:env:T')).toMatchObject({
      host: '[2001:db8::1]:443',
      allowHttp: false,
    });
  });

  it('refuse a secret written on the command line, without repeating it', () => {
    const error = thrown(() =>
      parseCliArguments([
        'mcp',
        '--secret-header',
        'api.github.com=Authorization:Bearer ghp_live_value',
      ]),
    ) as Error;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      "--secret-header for api.github.com (Authorization): the value must come from an environment variable, never from the command line (it would stay in the shell's history and show in ps). Write api.github.com=Authorization:env:<ENV_VAR> and set ENV_VAR to the whole value (e.g. 'Bearer …').",
    );
    expect(error.message).not.toContain('ghp_live_value');
  });

  it.each([
    ['api.github.com', 'takes <host>=<Header-Name>:env:<ENV_VAR>'],
    ['=Authorization:env:X', 'takes <host>=<Header-Name>:env:<ENV_VAR>'],
    ['api.github.com=:env:X', 'takes <host>=<Header-Name>:env:<ENV_VAR>'],
    ['api.github.com=Authorization:env:1X', "'1X' is not an environment variable name"],
    ['api.github.com=Authorization:env:', "'' is not an environment variable name"],
  ])('refuse --secret-header %s', (text, message) => {
    expect(() => parseSecretHeaderFlag(text)).toThrow(UsageError);
    expect(() => parseSecretHeaderFlag(text)).toThrow(message);
  });
});

describe('networkPolicyFromFlags', () => {
  it('builds the interpreter policy, reading each secret from the environment', () => {
    const policy = networkPolicyFromFlags(
      flags({
        allow: ['api.github.com', '127.0.0.1:8080'],
        deny: ['10.0.0.0/8'],
        secretHeaders: [
          parseSecretHeaderFlag('api.github.com=Authorization:env:GITHUB_AUTH'),
          parseSecretHeaderFlag('api.github.com=X-Team:env:TEAM'),
          parseSecretHeaderFlag('http://127.0.0.1:8080=X-Api-Key:env:LOCAL_KEY'),
        ],
      }),
      { GITHUB_AUTH: 'Bearer abc', TEAM: 'core', LOCAL_KEY: 'k-1' },
    );
    expect(policy).toEqual({
      allow: ['api.github.com', '127.0.0.1:8080'],
      deny: ['10.0.0.0/8'],
      secrets: {
        'api.github.com': {
          headers: { Authorization: 'Bearer abc', 'X-Team': 'core' },
          allowHttp: false,
        },
        '127.0.0.1:8080': { headers: { 'X-Api-Key': 'k-1' }, allowHttp: true },
      },
    });
    expect(networkPolicyFromFlags(undefined, {})).toBeUndefined();
    expect(networkPolicyFromFlags(flags({ allow: ['a.example'] }), {})).toEqual({
      allow: ['a.example'],
    });
  });

  it('names an unset or empty variable (a usage error, exit 2)', () => {
    const secretHeaders = [parseSecretHeaderFlag('api.github.com=Authorization:env:GITHUB_AUTH')];
    const given = flags({ allow: ['api.github.com'], secretHeaders });
    expect(() => networkPolicyFromFlags(given, {})).toThrow(
      new UsageError(
        "--secret-header api.github.com=Authorization:env:GITHUB_AUTH: the environment variable GITHUB_AUTH is not set. Set it to the header's value before starting code-interpreter.",
      ),
    );
    expect(() => networkPolicyFromFlags(given, { GITHUB_AUTH: '' })).toThrow(
      'the environment variable GITHUB_AUTH is empty',
    );
  });

  it.each([
    [flags({ deny: ['a.example'] }), 'narrow what --allow-net allows'],
    [
      flags({ secretHeaders: [parseSecretHeaderFlag('a.example=X:env:V')] }),
      'narrow what --allow-net allows',
    ],
    [
      flags({
        allow: ['a.example'],
        secretHeaders: [
          parseSecretHeaderFlag('a.example=X-Key:env:V'),
          parseSecretHeaderFlag('a.example=x-key:env:V'),
        ],
      }),
      'x-key is given twice for a.example',
    ],
    [
      flags({
        allow: ['a.example'],
        secretHeaders: [
          parseSecretHeaderFlag('a.example=X:env:V'),
          parseSecretHeaderFlag('http://a.example=Y:env:V'),
        ],
      }),
      'write every header for a.example the same way',
    ],
  ])('refuses %j', (given, message) => {
    expect(() => networkPolicyFromFlags(given, { V: 'v' })).toThrow(message);
  });
});

describe('withNetworkFlagNames', () => {
  it("says the interpreter's complaints about the policy in terms of the flags", () => {
    const given = flags({
      allow: ['api.github.com', 'bad host'],
      deny: ['ok.example', 'also bad'],
      secretHeaders: [parseSecretHeaderFlag('api.github.com=Host:env:V')],
    });
    const network = networkPolicyFromFlags(given, { V: 'v' });
    const error = thrown(() => createCodeInterpreter({ network }));
    expect(InvalidInputError.isInstance(error)).toBe(true);
    const explained = withNetworkFlagNames(error, given) as Error;
    expect(explained).toBeInstanceOf(UsageError);
    expect(explained.message).toBe(
      "--allow-net 'bad host': contains spaces: write one host per entry; --deny-net 'also bad': contains spaces: write one host per entry; --secret-header api.github.com=Host:env:V: is set by the host and cannot be a secret.",
    );
    expect(explained.message).not.toContain('network.');
  });

  it('leaves other errors as they are', () => {
    const other = new InvalidInputError({ issues: [{ path: 'timeout', message: 'too long' }] });
    expect(withNetworkFlagNames(other, flags({ allow: ['a'] }))).toBe(other);
    const plain = new Error('boom');
    expect(withNetworkFlagNames(plain, flags({ allow: ['a'] }))).toBe(plain);
    expect(withNetworkFlagNames(other, undefined)).toBe(other);
  });
});
