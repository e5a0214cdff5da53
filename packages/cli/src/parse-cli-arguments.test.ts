import { describe, expect, it } from 'vitest';
import { languageFromPath } from './language-from-path';
import { parseCliArguments } from './parse-cli-arguments';

describe('parseCliArguments', () => {
  it('reads run with its file and options', () => {
    expect(
      parseCliArguments(['run', 'main.py', '--json', '--timeout', '5000', '--memory-limit', '64']),
    ).toEqual({
      name: 'run',
      file: 'main.py',
      json: true,
      raw: false,
      language: undefined,
      timeoutMs: 5000,
      memoryLimitMb: 64,
      python: undefined,
    });
  });

  it('reads repl and mcp', () => {
    expect(parseCliArguments(['repl', '-l', 'python', '--python', 'native'])).toMatchObject({
      name: 'repl',
      language: 'python',
      python: 'native',
    });
    expect(parseCliArguments(['mcp'])).toMatchObject({ name: 'mcp', http: false, toolsFrom: [] });
    expect(parseCliArguments(['mcp', '--http', '--port', '0'])).toMatchObject({
      name: 'mcp',
      http: true,
      port: 0,
      host: '127.0.0.1',
    });
  });

  it('reads the authentication flags of mcp --http', () => {
    expect(
      parseCliArguments([
        'mcp',
        '--http',
        '--host',
        '0.0.0.0',
        '--tokens-file',
        'tokens.txt',
        '--token-env',
        'MCP_TOKENS',
        '--authorization-server',
        'https://auth.example.com',
        '--authorization-server',
        'https://other.example.com',
        '--resource-url',
        'https://mcp.example.com/mcp',
        '--max-concurrent-runs-per-token',
        '2',
        '--max-runs-per-minute-per-token',
        '30',
      ]),
    ).toEqual({
      name: 'mcp',
      http: true,
      port: 3000,
      host: '0.0.0.0',
      toolsFrom: [],
      tokensFile: 'tokens.txt',
      tokenEnv: 'MCP_TOKENS',
      authorizationServers: ['https://auth.example.com', 'https://other.example.com'],
      resourceUrl: 'https://mcp.example.com/mcp',
      maxConcurrentRunsPerToken: 2,
      maxRunsPerMinutePerToken: 30,
      language: undefined,
      timeoutMs: undefined,
      memoryLimitMb: undefined,
      python: undefined,
    });
    expect(parseCliArguments(['mcp', '--http'])).toMatchObject({ authorizationServers: [] });
    expect(parseCliArguments(['mcp', '--http'])).not.toHaveProperty('tokensFile');
  });

  it('reads --tools-from for mcp, each occurrence one command line', () => {
    expect(
      parseCliArguments([
        'mcp',
        '--tools-from',
        'node server.mjs --flag',
        '--tools-from=npx -y other-server',
      ]),
    ).toMatchObject({ name: 'mcp', toolsFrom: ['node server.mjs --flag', 'npx -y other-server'] });
  });

  it('takes --tools-from with --nats: the tools run in the front end, the code on the hosts', () => {
    expect(
      parseCliArguments(['mcp', '--nats', 'nats://n:4222', '--tools-from', 'node server.mjs']),
    ).toMatchObject({ name: 'mcp', nats: ['nats://n:4222'], toolsFrom: ['node server.mjs'] });
  });

  it('reads --raw for run and repl', () => {
    expect(parseCliArguments(['run', 'main.py', '--raw'])).toMatchObject({
      name: 'run',
      raw: true,
    });
    expect(parseCliArguments(['repl', '--raw'])).toMatchObject({ name: 'repl', raw: true });
    expect(parseCliArguments(['repl'])).toMatchObject({ name: 'repl', raw: false });
  });

  it('reads host with its NATS servers, name and interpreter flags', () => {
    expect(
      parseCliArguments([
        'host',
        '--nats',
        'nats://10.0.0.5:4222',
        '--nats',
        'nats://10.0.0.6:4222',
        '--name',
        'host-a',
        '--timeout',
        '5000',
        '--python',
        'native',
        '--allow-net',
        'api.github.com',
      ]),
    ).toEqual({
      name: 'host',
      nats: ['nats://10.0.0.5:4222', 'nats://10.0.0.6:4222'],
      hostName: 'host-a',
      language: undefined,
      timeoutMs: 5000,
      memoryLimitMb: undefined,
      python: 'native',
      network: { allow: ['api.github.com'], deny: [], secretHeaders: [] },
    });
  });

  it('reads host --session-idle-timeout in seconds, as ms', () => {
    expect(
      parseCliArguments(['host', '--nats', 'nats://n:4222', '--session-idle-timeout', '600']),
    ).toMatchObject({ name: 'host', sessionIdleTimeoutMs: 600_000 });
    expect(parseCliArguments(['host', '--nats', 'nats://n:4222'])).not.toHaveProperty(
      'sessionIdleTimeoutMs',
    );
  });

  it('reads --nats for mcp, stdio and --http', () => {
    expect(parseCliArguments(['mcp', '--nats', 'nats://127.0.0.1:4222'])).toMatchObject({
      name: 'mcp',
      http: false,
      nats: ['nats://127.0.0.1:4222'],
    });
    expect(
      parseCliArguments(['mcp', '--http', '--nats', 'nats://n:4222', '-l', 'python']),
    ).toMatchObject({ name: 'mcp', http: true, nats: ['nats://n:4222'], language: 'python' });
    expect(parseCliArguments(['mcp'])).not.toHaveProperty('nats');
  });

  it('answers --help and --version whatever else is there', () => {
    expect(parseCliArguments(['--help'])).toEqual({ name: 'help' });
    expect(parseCliArguments(['run', '-h'])).toEqual({ name: 'help' });
    expect(parseCliArguments(['-v'])).toEqual({ name: 'version' });
  });

  it.each([
    [[], /Missing command/],
    [['frob'], /Unknown command 'frob'/],
    [['run'], /Missing FILE/],
    [['run', 'a.js', 'b.js'], /Unexpected argument 'b.js'/],
    [['run', 'a.js', '--language', 'ruby'], /Unknown language 'ruby'/],
    [['run', 'a.js', '--timeout', 'soon'], /--timeout takes a whole number/],
    [['run', 'a.js', '--python', 'cpython'], /Unknown Python runtime/],
    [['run', 'a.js', '--http'], /--http only applies to 'mcp'/],
    [['repl', '--json'], /--json only applies to 'run'/],
    [['mcp', '--raw'], /--raw only applies to 'run' and 'repl'/],
    [['run', 'a.js', '--json', '--raw'], /--raw does not apply to --json/],
    [['mcp', '--port', '80'], /--port and --host need --http/],
    [['run', 'a.js', '--tools-from', 'node s.mjs'], /--tools-from only applies to 'mcp'/],
    [['run', 'a.js', '--tokens-file', 't'], /--tokens-file only applies to 'mcp'/],
    [['mcp', '--tokens-file', 't'], /^--tokens-file needs --http\.$/],
    [['mcp', '--token-env', 'T'], /^--token-env needs --http\.$/],
    [
      ['mcp', '--http', '--max-runs-per-minute-per-token', '5'],
      /^--max-runs-per-minute-per-token needs --tokens-file <path> or --token-env <VAR>\.$/,
    ],
    [
      ['mcp', '--http', '--authorization-server', 'https://a.example'],
      /^--authorization-server needs --tokens-file <path> or --token-env <VAR>\.$/,
    ],
    [
      ['mcp', '--http', '--token-env', 'T', '--authorization-server', 'auth.example.com'],
      /^--authorization-server takes a URL, not 'auth\.example\.com'\.$/,
    ],
    [
      ['mcp', '--http', '--token-env', 'T', '--max-concurrent-runs-per-token', '0'],
      /^--max-concurrent-runs-per-token must be at least 1\.$/,
    ],
    [
      ['mcp', '--http', '--token-env', 'T', '--max-concurrent-runs-per-token', 'many'],
      /--max-concurrent-runs-per-token takes a whole number/,
    ],
    [['host'], /^Missing --nats: code-interpreter host --nats nats:\/\/<server>:4222/],
    [['run', 'a.js', '--nats', 'nats://n'], /--nats only applies to 'mcp' and 'host'/],
    [['mcp', '--name', 'a'], /--name only applies to 'host'/],
    [
      ['mcp', '--nats', 'nats://n', '--timeout', '5000'],
      /^--timeout does not apply to 'mcp --nats': the sandbox hosts run the code, so give it to 'code-interpreter host'\.$/,
    ],
    [['mcp', '--nats', 'nats://n', '--allow-net', 'a.com'], /^--allow-net does not apply/],
    [
      ['mcp', '--nats', 'nats://n', '--tools-from', 'node s.mjs', '--python', 'native'],
      /^--python does not apply to 'mcp --nats'/,
    ],
    [['host', '--nats', 'nats://n', 'extra'], /Unexpected argument 'extra' for 'host'/],
    ...['0', '00', '1.5', '30m', '-5'].map((value): [string[], RegExp] => [
      ['host', '--nats', 'nats://n', `--session-idle-timeout=${value}`],
      new RegExp(
        `^--session-idle-timeout takes a whole number of seconds, at least 1 \\(1800 is 30 minutes\\), not '${value.replace('.', '\\.')}'\\.$`,
      ),
    ]),
    [
      ['mcp', '--http', '--session-idle-timeout', '60'],
      /^--session-idle-timeout only applies to 'host'\.$/,
    ],
    [
      ['run', 'a.js', '--nope'],
      /^Unknown option '--nope'\. See code-interpreter --help for the options\.$/,
    ],
  ])('explains what is wrong with %j', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(message);
  });
});

describe('languageFromPath', () => {
  it.each([
    ['a.js', 'javascript'],
    ['a.MJS', 'javascript'],
    ['a.cjs', 'javascript'],
    ['dir/a.ts', 'typescript'],
    ['a.mts', 'typescript'],
    ['a.py', 'python'],
    ['a.txt', undefined],
    ['Makefile', undefined],
  ])('%s is %s', (path, language) => {
    expect(languageFromPath(path)).toBe(language);
  });
});
