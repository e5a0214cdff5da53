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

  it('reads --raw for run and repl', () => {
    expect(parseCliArguments(['run', 'main.py', '--raw'])).toMatchObject({
      name: 'run',
      raw: true,
    });
    expect(parseCliArguments(['repl', '--raw'])).toMatchObject({ name: 'repl', raw: true });
    expect(parseCliArguments(['repl'])).toMatchObject({ name: 'repl', raw: false });
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
