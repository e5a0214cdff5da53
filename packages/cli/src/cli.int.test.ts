import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, type CliOutcome, runBuiltCli } from './test-support/built-cli';

const cli = builtCli;

/** Runs the built CLI with `args`, writing `stdin` to it, and collects what it printed. */
function runCli(args: string[], stdin = ''): Promise<CliOutcome> {
  return runBuiltCli(args, { stdin, timeoutMs: 50_000 });
}

/**
 * Runs `repl -l javascript` in a pseudo-terminal (util-linux `script`) and types `lines` as a
 * person does: each one after the REPL has shown its prompt for it (the previous entry is done).
 */
function typeIntoTerminalRepl(lines: string[]): Promise<CliOutcome> {
  if (!existsSync('/usr/bin/script')) {
    throw new Error('util-linux `script` is needed for this test (apt-get install bsdutils).');
  }
  return new Promise<CliOutcome>((resolve, reject) => {
    const child = spawn(
      'script',
      ['-qec', `'${process.execPath}' '${cli}' repl -l javascript`, '/dev/null'],
      { stdio: 'pipe' },
    );
    let stdout = '';
    let typed = 0;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const prompts = stdout.split('> ').length - 1;
      while (typed < lines.length && prompts > typed) child.stdin.write(`${lines[typed++]}\n`);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'code-interpreter-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string) {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('code-interpreter run', () => {
  it('runs a JavaScript file and prints its output and last value (exit 0)', async () => {
    const path = await file(
      'hello.mjs',
      "console.log('hello');\nconsole.error('note');\n[1, 2].length",
    );
    expect(await runCli(['run', path])).toEqual({
      code: 0,
      stdout: 'hello\n2\n',
      stderr: 'note\n',
    });
  });

  it('runs a TypeScript file', async () => {
    const path = await file('typed.ts', 'const n: number = 21;\nconsole.log(n * 2)');
    expect(await runCli(['run', path])).toMatchObject({ code: 0, stdout: '42\n' });
  });

  it('runs a Python file', async () => {
    const path = await file('hello.py', "import math\nprint('py', math.floor(2.5))");
    expect(await runCli(['run', path])).toMatchObject({ code: 0, stdout: 'py 2\n' });
  });

  it('reads code from stdin with -', async () => {
    expect(
      await runCli(['run', '-', '--language', 'javascript'], 'console.log(6 * 7)'),
    ).toMatchObject({
      code: 0,
      stdout: '42\n',
    });
  });

  it('exits 1 with the error and its place on stderr when the code fails', async () => {
    const path = await file('broken.js', "console.log('before');\nnull.x");
    const outcome = await runCli(['run', path]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('before\n');
    expect(outcome.stderr).toMatch(/TypeError: Cannot read properties of null/);
    expect(outcome.stderr).toMatch(/:2/);
  });

  it('exits 1 when the code times out', async () => {
    const outcome = await runCli(
      ['run', '-', '-l', 'javascript', '--timeout', '300'],
      'while (true) {}',
    );
    expect(outcome).toMatchObject({ code: 1, stdout: '' });
    expect(outcome.stderr).toContain('Timed out after 300 ms');
  });

  it('prints the full result as JSON with --json', async () => {
    const outcome = await runCli(['run', '-', '-l', 'javascript', '--json'], "console.log('x'); 5");
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({
      success: true,
      language: 'javascript',
      stdout: 'x\n',
      value: '5',
      output: 'x\n5',
      timedOut: false,
      images: [],
    });
  });

  it.each([
    [['run', 'missing.js'], /Cannot read 'missing.js'/],
    [['run', 'notes.txt'], /Cannot tell the language of 'notes.txt'/],
    [['run', '-'], /pass --language/],
    [['run', '-', '-l', 'javascript', '--timeout', '5'], /timeout/],
    [['run', '-', '-l', 'cobol'], /Unknown language 'cobol'/],
    [['walk'], /Unknown command 'walk'/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const outcome = await runCli(args, '1');
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(message);
  });

  it('prints help with --help (exit 0)', async () => {
    const outcome = await runCli(['--help']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('Usage: code-interpreter <command>');
  });
});

describe('code-interpreter repl', () => {
  it('keeps state between lines read from a pipe', async () => {
    const outcome = await runCli(
      ['repl', '--language', 'javascript'],
      [
        'const base = 10',
        'function add(x) {',
        '  return base + x',
        '}',
        'add(5)',
        'null.boom',
        "console.log('after the error', base)",
        '',
      ].join('\n'),
    );
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe('15\nafter the error 10\n');
    expect(outcome.stderr).toMatch(/TypeError: Cannot read properties of null/);
  });

  it('says the session was reset when a line timed out, and what was lost', async () => {
    const outcome = await runCli(
      ['repl', '--language', 'javascript', '--timeout', '500'],
      ['const base = 10', 'while (true) {}', 'typeof base', ''].join('\n'),
    );
    expect(outcome.stderr).toMatch(/Timed out after 500 ms/);
    expect(outcome.stderr).toMatch(/\[session reset: .*variables, functions and imports are gone/);
    expect(outcome.stdout).toBe("'undefined'\n");
  });

  it('mcp --http on a busy port exits 2 and says to choose another port or 0', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const outcome = await runCli(['mcp', '--http', '--port', String(port)]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toBe(
        `code-interpreter: Port ${port} on 127.0.0.1 is already in use: choose another port (--port N), or 0 for any free one.\n`,
      );
    } finally {
      busy.close();
    }
  });

  it('keeps TypeScript state and stops at .exit', async () => {
    const outcome = await runCli(
      ['repl', '-l', 'typescript'],
      'let count: number = 1\ncount += 1\n.exit\ncount += 100\n',
    );
    expect(outcome).toMatchObject({ code: 0, stdout: '2\n' });
  });

  it('runs Python blocks that end with an empty line', async () => {
    const outcome = await runCli(
      ['repl', '-l', 'python'],
      'total = 0\nfor i in range(4):\n    total += i\n\nprint(total)\n',
    );
    expect(outcome).toMatchObject({ code: 0, stdout: '6\n' });
  });

  it('works in a terminal (through script, a pseudo-terminal)', async () => {
    const outcome = await typeIntoTerminalRepl(['const a = 20', 'a + 22', '.exit']);
    expect(outcome.code).toBe(0);
    const escapes = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
    const screen = outcome.stdout.replace(escapes, '').replace(/\r/g, '');
    expect(screen).toContain('> ');
    expect(screen).toMatch(/\n42\n/);
  });
});

/**
 * Characters that would act on a terminal (move the cursor, set the title, write the clipboard,
 * erase or reorder text). A CR directly before an LF only ends a line.
 */
const terminalControls =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

describe('control characters in the program output', () => {
  const program = [
    'console.log("real result: 13\\r42")',
    'console.log("\\x1b[1A\\x1b[2Kall tests passed\\x1b]0;pwned\\x07\\x1b]52;c;aGk=\\x07")',
    'console.log("\\x1b]8;;https://evil.example\\x1b\\\\docs\\x1b]8;;\\x1b\\\\ \\b\\b\\x9b2J\\u202eevil")',
    'console.error("warn\\x1b[31m\\x00")',
    '"\\u2066value"',
  ].join('\n');
  const printed = [
    'real result: 13\r42',
    '\x1b[1A\x1b[2Kall tests passed\x1b]0;pwned\x07\x1b]52;c;aGk=\x07',
    '\x1b]8;;https://evil.example\x1b\\docs\x1b]8;;\x1b\\ \b\b\x9b2J\u202eevil',
    '',
  ].join('\n');

  it('run shows them as escapes on stdout and stderr', async () => {
    const path = await file('controls.js', program);
    expect(await runCli(['run', path])).toEqual({
      code: 0,
      stdout: [
        'real result: 13\\r42',
        '\\x1b[1A\\x1b[2Kall tests passed\\x1b]0;pwned\\x07\\x1b]52;c;aGk=\\x07',
        '\\x1b]8;;https://evil.example\\x1b\\docs\\x1b]8;;\\x1b\\ \\b\\b\\x9b2J\\u202eevil',
        "'\\u2066value'",
        '',
      ].join('\n'),
      stderr: 'warn\\x1b[31m\\x00\n',
    });
  });

  it('run shows them as escapes in an error message and stack', async () => {
    const path = await file('controls-error.js', 'throw new Error("bad\\x1b[2K\\rthing\\u202e")');
    const outcome = await runCli(['run', path]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('Error: bad\\x1b[2K\\rthing\\u202e');
    expect(outcome.stderr).not.toMatch(terminalControls);
  });

  it('run shows them as escapes in Python output and tracebacks', async () => {
    const path = await file(
      'controls.py',
      'print("real result: 13\\r42\\x1b]0;pwned\\x07\\u202e")\nraise ValueError("bad\\x1b[2K")',
    );
    const outcome = await runCli(['run', path]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('real result: 13\\r42\\x1b]0;pwned\\x07\\u202e\n');
    expect(outcome.stderr).toContain('ValueError: bad\\x1b[2K');
    expect(outcome.stderr).not.toMatch(terminalControls);
  });

  it('run --raw writes the output as the program produced it', async () => {
    const path = await file('controls-raw.js', program);
    expect(await runCli(['run', path, '--raw'])).toEqual({
      code: 0,
      stdout: `${printed}'\u2066value'\n`,
      stderr: 'warn\x1b[31m\x00\n',
    });
  });

  it('run --json escapes them as JSON \\u escapes that parse back to the exact text', async () => {
    const path = await file('controls-json.js', program);
    const outcome = await runCli(['run', path, '--json']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).not.toMatch(terminalControls);
    expect(JSON.parse(outcome.stdout)).toMatchObject({
      stdout: printed,
      stderr: 'warn\x1b[31m\x00\n',
      value: "'\u2066value'",
    });
  });

  it('repl shows them as escapes, and --raw writes them as produced', async () => {
    const entries = [
      'console.log("13\\r42\\x1b]0;pwned\\x07")',
      '"\\u202e"',
      'throw new Error("x\\x1b[2K")',
      '',
    ].join('\n');
    const escaped = await runCli(['repl', '-l', 'javascript'], entries);
    expect(escaped).toMatchObject({ code: 0, stdout: "13\\r42\\x1b]0;pwned\\x07\n'\\u202e'\n" });
    expect(escaped.stderr).toContain('Error: x\\x1b[2K');
    expect(escaped.stderr).not.toMatch(terminalControls);

    const raw = await runCli(['repl', '-l', 'javascript', '--raw'], entries);
    expect(raw).toMatchObject({ code: 0, stdout: "13\r42\x1b]0;pwned\x07\n'\u202e'\n" });
    expect(raw.stderr).toContain('Error: x\x1b[2K');
  });

  it('repl in a terminal sets no title and writes no clipboard (through script)', async () => {
    const outcome = await typeIntoTerminalRepl([
      'const e = String.fromCharCode(27), bel = String.fromCharCode(7)',
      'console.log("13" + e + "]0;pwned" + bel + e + "]52;c;aGk=" + bel + "\\r42")',
      '.exit',
    ]);
    expect(outcome.code).toBe(0);
    // readline moves the cursor around its own prompt (CSI); nothing else may reach the terminal.
    expect(outcome.stdout).not.toContain('\x1b]');
    expect(outcome.stdout).not.toContain('\x07');
    expect(outcome.stdout.replace(/\r/g, '')).toContain(
      '\n13\\x1b]0;pwned\\x07\\x1b]52;c;aGk=\\x07\\r42\n',
    );
  });
});
