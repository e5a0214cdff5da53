import { readFileSync } from 'node:fs';
import { SandboxError as CoreSandboxError, InterpreterClosedError } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { SandboxError } from 'deepagents';
import { test as base, describe, expect } from 'vitest';
import { CodeInterpreterSandbox } from './code-interpreter-sandbox';
import { SandboxBackendError } from './sandbox-backend-error';

// The sandbox over a scripted interpreter: the session's files are real (a temporary folder with
// the workspace's rules), its shell is scripted, so every file operation is tested here without a
// worker process (code-interpreter-sandbox.int.test.ts runs the same behaviours on real sandboxes).

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array | null) => new TextDecoder().decode(bytes ?? new Uint8Array());

const test = base.extend<{ interpreter: MockCodeInterpreter; sandbox: CodeInterpreterSandbox }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take a destructuring first argument.
  interpreter: async ({}, use) => {
    const interpreter = new MockCodeInterpreter();
    await use(interpreter);
    await interpreter.close();
  },
  sandbox: async ({ interpreter }, use) => {
    const sandbox = await CodeInterpreterSandbox.create({ interpreter });
    await use(sandbox);
    await sandbox.close();
  },
});

describe('lifecycle', () => {
  test('new: not running, with an id; initialize starts it; create does both', async ({
    interpreter,
  }) => {
    const sandbox = new CodeInterpreterSandbox({ interpreter });
    expect(sandbox.isRunning).toBe(false);
    expect(sandbox.id).toMatch(/^code-interpreter-[0-9a-f-]{36}$/);
    const id = sandbox.id;
    await sandbox.initialize();
    expect(sandbox.isRunning).toBe(true);
    expect(sandbox.id).toBe(id);
    expect(interpreter.sessions).toHaveLength(1);
    const created = await CodeInterpreterSandbox.create({ interpreter, id: 'my-sandbox' });
    expect(created).toMatchObject({ isRunning: true, id: 'my-sandbox' });
    expect(interpreter.sessions).toHaveLength(2);
  });

  test('misuse throws a typed error deepagents recognises: before start, twice, after close', async ({
    interpreter,
  }) => {
    const sandbox = new CodeInterpreterSandbox({ interpreter });
    const notStarted = await sandbox.execute('echo hi').catch((error: unknown) => error);
    expect(SandboxBackendError.isInstance(notStarted)).toBe(true);
    expect(SandboxError.isInstance(notStarted)).toBe(true);
    expect(notStarted).toMatchObject({ code: 'NOT_INITIALIZED' });
    // Not to be confused with the interpreter's own infrastructure error.
    expect(CoreSandboxError.isInstance(notStarted)).toBe(false);
    expect(SandboxBackendError.isInstance(new CoreSandboxError({ message: 'x' }))).toBe(false);
    await expect(sandbox.read('/workspace/x')).rejects.toMatchObject({ code: 'NOT_INITIALIZED' });

    await sandbox.initialize();
    await expect(sandbox.initialize()).rejects.toMatchObject({ code: 'ALREADY_INITIALIZED' });

    await sandbox.close();
    await sandbox.close(); // idempotent
    expect(sandbox.isRunning).toBe(false);
    await expect(sandbox.ls('/')).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(sandbox.initialize()).rejects.toMatchObject({ code: 'CLOSED' });
    expect(() => sandbox.session).toThrow(/closed/);
  });

  test('close ends the session and its files, but not an interpreter it was given', async ({
    interpreter,
  }) => {
    const sandbox = await CodeInterpreterSandbox.create({ interpreter });
    const session = sandbox.session;
    await sandbox.write('/workspace/a.txt', 'a');
    await sandbox.close();
    expect(interpreter.sessions[0]?.closed).toBe(true);
    expect(interpreter.closed).toBe(false);
    await expect(session.files.read('a.txt')).rejects.toThrow(InterpreterClosedError);
  });

  test('initialFiles seed the workspace (text and bytes, nested, any path spelling)', async ({
    interpreter,
  }) => {
    const sandbox = await CodeInterpreterSandbox.create({
      interpreter,
      initialFiles: {
        '/workspace/init.txt': 'Hello from initial file!',
        '/src/components/Button/index.tsx': 'export const Button = () => null;',
        'data/raw.bin': new Uint8Array([0, 1, 2, 255]),
      },
    });
    const files = sandbox.session.files;
    expect(await files.readText('init.txt')).toBe('Hello from initial file!');
    expect(await files.readText('src/components/Button/index.tsx')).toContain('Button');
    expect([...(await files.read('data/raw.bin'))]).toEqual([0, 1, 2, 255]);
  });

  test('an initial file it cannot write fails initialize, naming it, and closes the session', async ({
    interpreter,
  }) => {
    const sandbox = new CodeInterpreterSandbox({
      interpreter,
      initialFiles: { 'ok.txt': 'fine', '../escape.txt': 'no' },
    });
    const error = await sandbox.initialize().catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'FILE_OPERATION_FAILED' });
    expect(String(error)).toContain("../escape.txt: '..' is not allowed");
    expect(sandbox.isRunning).toBe(false);
    expect(interpreter.sessions[0]?.closed).toBe(true);
  });
});

describe('execute', () => {
  test('runs the command in the session and answers stdout then stderr, exit code and truncation', async () => {
    const interpreter = new MockCodeInterpreter({
      exec: { stdout: 'out', stderr: 'error message\n', exitCode: 42, truncated: true },
    });
    const sandbox = await CodeInterpreterSandbox.create({
      interpreter,
      commandTimeoutMs: 5_000,
      env: { MY_VAR: 'x' },
    });
    expect(await sandbox.execute('echo out; echo "error message" >&2; exit 42')).toEqual({
      output: 'out\nerror message\n',
      exitCode: 42,
      truncated: true,
    });
    expect(interpreter.commandCalls[0]?.input).toEqual({
      command: 'echo out; echo "error message" >&2; exit 42',
      timeoutMs: 5_000,
      env: { MY_VAR: 'x' },
    });
    await interpreter.close();
  });

  test('a command stopped at its time limit says so; input the shell refuses is exit code 2', async () => {
    const interpreter = new MockCodeInterpreter({
      exec: { stdout: 'partial\n', exitCode: 124, timedOut: true },
    });
    const sandbox = await CodeInterpreterSandbox.create({ interpreter });
    expect(await sandbox.execute('sleep 100')).toEqual({
      output: 'partial\n[the command was stopped at its time limit]',
      exitCode: 124,
      truncated: false,
    });
    const refused = await sandbox.execute('');
    expect(refused.exitCode).toBe(2);
    expect(refused.output).toMatch(/command/);
    await interpreter.close();
  });
});

describe('uploadFiles and downloadFiles', () => {
  test('round-trip bytes, making folders; one response per file, in order', async ({ sandbox }) => {
    const bytes = new Uint8Array([0, 159, 146, 150, 10]);
    expect(
      await sandbox.uploadFiles([
        ['/workspace/multi1.txt', encode('Content 1')],
        ['/workspace/deep/er/multi2.bin', bytes],
      ]),
    ).toEqual([
      { path: '/workspace/multi1.txt', error: null },
      { path: '/workspace/deep/er/multi2.bin', error: null },
    ]);
    const [text, binary] = await sandbox.downloadFiles([
      '/workspace/multi1.txt',
      '/workspace/deep/er/multi2.bin',
    ]);
    expect(decode(text?.content ?? null)).toBe('Content 1');
    expect(binary).toEqual({ path: '/workspace/deep/er/multi2.bin', content: bytes, error: null });
  });

  test('per-file errors: missing, folder, .., empty path; the good files still go through', async ({
    sandbox,
  }) => {
    await sandbox.uploadFiles([['/workspace/dir/file.txt', encode('x')]]);
    const uploads = await sandbox.uploadFiles([
      ['/workspace/dir', encode('over a folder')],
      ['/workspace/../etc/passwd', encode('root::0:0')],
      ['', encode('nameless')],
      ['/workspace/fine.txt', encode('fine')],
    ]);
    expect(uploads.map(({ path, error }) => ({ path, error }))).toEqual([
      { path: '/workspace/dir', error: 'is_directory' },
      { path: '/workspace/../etc/passwd', error: 'invalid_path' },
      { path: '', error: 'invalid_path' },
      { path: '/workspace/fine.txt', error: null },
    ]);
    expect(uploads[0]?.message).toMatch(/EISDIR: '\/workspace\/dir' is a folder/);
    expect(await sandbox.session.files.readText('dir/file.txt')).toBe('x');

    const downloads = await sandbox.downloadFiles([
      '/workspace/nonexistent-file-12345.txt',
      '/workspace/dir',
      '/workspace/../../etc/passwd',
      '/workspace/fine.txt',
    ]);
    expect(downloads.map(({ error, content }) => [error, content === null])).toEqual([
      ['file_not_found', true],
      ['is_directory', true],
      ['invalid_path', true],
      [null, false],
    ]);
  });

  test('a host path is a name in the workspace: the host file is neither read nor written', async ({
    sandbox,
  }) => {
    const hostPasswd = readFileSync('/etc/passwd', 'utf8');
    const [download] = await sandbox.downloadFiles(['/etc/passwd']);
    expect(download).toMatchObject({ error: 'file_not_found', content: null });

    expect(await sandbox.uploadFiles([['/etc/passwd', encode('pwned')]])).toEqual([
      { path: '/etc/passwd', error: null },
    ]);
    expect(readFileSync('/etc/passwd', 'utf8')).toBe(hostPasswd);
    expect(await sandbox.session.files.readText('/workspace/etc/passwd')).toBe('pwned');
    expect(decode((await sandbox.downloadFiles(['/etc/passwd']))[0]?.content ?? null)).toBe(
      'pwned',
    );
  });
});

describe('read', () => {
  const rows = (count: number) =>
    Array.from({ length: count }, (_, index) => `Row_${index + 1}_content`).join('\n');

  test('the file’s own lines with the window deepagents shows', async ({ sandbox }) => {
    await sandbox.write('/workspace/rd.txt', 'Line 1\nLine 2\nLine 3\n');
    expect(await sandbox.read('/workspace/rd.txt')).toEqual({
      content: 'Line 1\nLine 2\nLine 3',
      mimeType: 'text/plain',
      totalLines: 3,
      startLine: 1,
      endLine: 3,
    });
  });

  test('offset skips lines, limit caps them, and nextOffset says where to go on', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/rd-rows.txt', rows(20));
    const window = await sandbox.read('/workspace/rd-rows.txt', 10, 5);
    expect(window).toMatchObject({ totalLines: 20, startLine: 11, endLine: 15, nextOffset: 15 });
    expect(window.content).toBe(
      'Row_11_content\nRow_12_content\nRow_13_content\nRow_14_content\nRow_15_content',
    );
    expect((await sandbox.read('/workspace/rd-rows.txt', 5)).content).not.toContain('Row_5_');
    expect(await sandbox.read('/workspace/rd-rows.txt', 0, 0)).toMatchObject({ content: '' });
    expect(await sandbox.read('/workspace/rd-rows.txt', 20, 10)).toMatchObject({ content: '' });
    expect(await sandbox.read('/workspace/rd-rows.txt', 100, 10)).toMatchObject({ content: '' });
  });

  test('an empty file answers deepagents’ reminder; unicode and long lines come whole', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/empty.txt', '');
    expect(await sandbox.read('/workspace/empty.txt')).toEqual({
      content: 'System reminder: File exists but has empty contents',
      mimeType: 'text/plain',
    });
    const unicode = `Hello 👋 世界\nПривет мир\n${'x'.repeat(3000)}`;
    await sandbox.write('/workspace/unicode.md', unicode);
    expect(await sandbox.read('/workspace/unicode.md')).toMatchObject({
      content: unicode,
      mimeType: 'text/markdown',
    });
  });

  test('an image comes whole as bytes with its media type', async ({ sandbox }) => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]);
    await sandbox.uploadFiles([['/workspace/chart.png', png]]);
    expect(await sandbox.read('/workspace/chart.png', 5, 1)).toEqual({
      content: png,
      mimeType: 'image/png',
    });
  });

  test('errors: not found, a folder, ..', async ({ sandbox }) => {
    await sandbox.session.files.mkdir('folder');
    expect(await sandbox.read('/workspace/rd-nonexistent.txt')).toEqual({
      error: "File '/workspace/rd-nonexistent.txt' not found",
    });
    expect((await sandbox.read('/workspace/folder')).error).toMatch(/is a directory/);
    expect((await sandbox.read('/workspace/../etc/passwd')).error).toMatch(/'\.\.' is not allowed/);
  });

  test('readRaw: text as a string, media as bytes, with the file’s time', async ({ sandbox }) => {
    await sandbox.write('/workspace/raw.json', '{"a":1}');
    const { data } = await sandbox.readRaw('/workspace/raw.json');
    expect(data).toMatchObject({ content: '{"a":1}', mimeType: 'application/json' });
    expect(Date.parse((data as { modified_at: string }).modified_at)).toBeGreaterThan(
      Date.now() - 60_000,
    );
    expect(await sandbox.readRaw('/workspace/none.txt')).toEqual({
      error: "File '/workspace/none.txt' not found",
    });
  });
});

describe('write', () => {
  test('creates folders, overwrites, keeps every character; answers the path it was given', async ({
    sandbox,
  }) => {
    const special = 'Special chars: $VAR, `command`, $(subshell)\nTab\there\nBackslash: \\';
    expect(await sandbox.write('/workspace/wt/deep/nested/file.txt', special)).toEqual({
      path: '/workspace/wt/deep/nested/file.txt',
      filesUpdate: null,
    });
    expect(await sandbox.session.files.readText('wt/deep/nested/file.txt')).toBe(special);
    await sandbox.write('/workspace/wt//slashes///file.txt', 'First');
    await sandbox.write('/workspace/wt/slashes/file.txt', 'Second');
    expect(await sandbox.session.files.readText('wt/slashes/file.txt')).toBe('Second');
  });

  test('a media path takes base64 content and writes its bytes', async ({ sandbox }) => {
    await sandbox.write('/workspace/pixel.png', Buffer.from([1, 2, 3]).toString('base64'));
    expect([...(await sandbox.session.files.read('pixel.png'))]).toEqual([1, 2, 3]);
  });

  test('a refused write says why', async ({ sandbox }) => {
    await sandbox.session.files.mkdir('taken');
    expect(await sandbox.write('/workspace/taken', 'x')).toEqual({
      error: expect.stringMatching(/^Failed to write to \/workspace\/taken: EISDIR: /),
    });
    expect(await sandbox.write('/workspace/../x', 'x')).toEqual({
      error: expect.stringContaining("'..' is not allowed"),
    });
  });
});

describe('edit', () => {
  test('replaces one occurrence, refuses several unless replaceAll, which counts them', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/ed.txt', 'apple\nbanana\napple\norange\napple');
    const refused = await sandbox.edit('/workspace/ed.txt', 'apple', 'pear');
    expect(refused.error).toMatch(/Multiple occurrences \(3\)/);
    expect(await sandbox.edit('/workspace/ed.txt', 'banana', 'kiwi')).toEqual({
      path: '/workspace/ed.txt',
      filesUpdate: null,
      occurrences: 1,
    });
    expect(await sandbox.edit('/workspace/ed.txt', 'apple', 'pear', true)).toMatchObject({
      occurrences: 3,
    });
    expect(await sandbox.session.files.readText('ed.txt')).toBe('pear\nkiwi\npear\norange\npear');
  });

  test('literal strings: $, regex characters, multiline, unicode, deletion', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/ed2.txt', 'Price: $100.00\nPattern: [a-z]*\nKeep 👋\nGone\n');
    await sandbox.edit('/workspace/ed2.txt', '$100.00', '$200.00');
    await sandbox.edit('/workspace/ed2.txt', '[a-z]*', '[0-9]+');
    await sandbox.edit('/workspace/ed2.txt', '👋', '🌍');
    expect(await sandbox.edit('/workspace/ed2.txt', 'Gone\n', '')).toMatchObject({
      occurrences: 1,
    });
    expect(await sandbox.session.files.readText('ed2.txt')).toBe(
      'Price: $200.00\nPattern: [0-9]+\nKeep 🌍\n',
    );
  });

  test('errors: string not found, file not found; empty old string only for an empty file', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/ed3.txt', 'Hello world');
    expect((await sandbox.edit('/workspace/ed3.txt', 'nope', 'x')).error).toMatch(/not found/i);
    expect((await sandbox.edit('/workspace/none.txt', 'a', 'b')).error).toMatch(/not found/);
    expect((await sandbox.edit('/workspace/ed3.txt', '', 'x')).error).toMatch(/must not be empty/);
    await sandbox.write('/workspace/ed4.txt', '');
    expect(await sandbox.edit('/workspace/ed4.txt', '', 'first')).toMatchObject({
      occurrences: 1,
    });
    expect(await sandbox.session.files.readText('ed4.txt')).toBe('first');
  });
});

describe('ls', () => {
  test('lists a folder with /workspace paths, folders ending in /, hidden files included', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/li/file1.txt', 'content1');
    await sandbox.write('/workspace/li/.hidden', 'h');
    await sandbox.session.files.mkdir('li/sub dir');
    const { files, error } = await sandbox.ls('/workspace/li/');
    expect(error).toBeUndefined();
    expect(files?.map(({ path, is_dir, size }) => ({ path, is_dir, size }))).toEqual([
      { path: '/workspace/li/.hidden', is_dir: false, size: 1 },
      { path: '/workspace/li/file1.txt', is_dir: false, size: 8 },
      { path: '/workspace/li/sub dir/', is_dir: true, size: 0 },
    ]);
    expect(Date.parse(files?.[0]?.modified_at ?? '')).toBeGreaterThan(0);
  });

  test('/ lists the workspace; a missing folder or a file lists as empty; .. is an error', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/top.txt', 't');
    expect((await sandbox.ls('/')).files?.map((file) => file.path)).toEqual(['/workspace/top.txt']);
    expect(await sandbox.ls('/workspace/li-does-not-exist')).toEqual({ files: [] });
    expect(await sandbox.ls('/workspace/top.txt')).toEqual({ files: [] });
    expect((await sandbox.ls('/workspace/..')).error).toMatch(/'\.\.' is not allowed/);
  });
});

describe('grep', () => {
  test('finds a literal, case-sensitive string in nested text files with line numbers', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/gr/root.txt', 'Hello\nhello\nHELLO\nsay Hello: twice Hello');
    await sandbox.write('/workspace/gr/sub/deep.py', 'x = 1\n# Hello from python');
    await sandbox.write('/workspace/gr/special.txt', 'Price: $100\nPattern: [a-z]*');
    expect((await sandbox.grep('Hello', '/workspace/gr')).matches).toEqual([
      { path: '/workspace/gr/root.txt', line: 1, text: 'Hello' },
      { path: '/workspace/gr/root.txt', line: 4, text: 'say Hello: twice Hello' },
      { path: '/workspace/gr/sub/deep.py', line: 2, text: '# Hello from python' },
    ]);
    expect((await sandbox.grep('[a-z]*', '/workspace/gr')).matches).toEqual([
      { path: '/workspace/gr/special.txt', line: 2, text: 'Pattern: [a-z]*' },
    ]);
    expect((await sandbox.grep('$100', '/workspace/gr')).matches).toHaveLength(1);
  });

  test('glob keeps matching file names; a file path searches that file; / is the workspace', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/gg/test.txt', 'pattern_match');
    await sandbox.write('/workspace/gg/test.py', 'pattern_match');
    await sandbox.write('/workspace/gg/src/app.py', 'pattern_match');
    const paths = async (...args: Parameters<CodeInterpreterSandbox['grep']>) =>
      (await sandbox.grep(...args)).matches?.map((match) => match.path);
    expect(await paths('pattern_match', '/workspace/gg', '*.py')).toEqual([
      '/workspace/gg/src/app.py',
      '/workspace/gg/test.py',
    ]);
    expect(await paths('pattern_match', '/workspace/gg', 'src/*.py')).toEqual([
      '/workspace/gg/src/app.py',
    ]);
    expect(await paths('pattern_match', '/workspace/gg/test.txt')).toEqual([
      '/workspace/gg/test.txt',
    ]);
    expect(await paths('pattern_match')).toHaveLength(3);
    expect(await paths('pattern_match', '/gg')).toHaveLength(3);
  });

  test('skips binary files; no match, a missing or empty folder: no matches; maxCount truncates', async ({
    sandbox,
  }) => {
    await sandbox.uploadFiles([
      ['/workspace/gb/blob.dat', new Uint8Array([104, 105, 0, 104, 105])],
      ['/workspace/gb/pic.png', encode('hi')],
      ['/workspace/gb/text.txt', encode('hi\nhi\nhi')],
    ]);
    expect((await sandbox.grep('hi', '/workspace/gb')).matches).toHaveLength(3);
    expect(await sandbox.grep('hi', '/workspace/gb', null, 2)).toEqual({
      matches: [
        { path: '/workspace/gb/text.txt', line: 1, text: 'hi' },
        { path: '/workspace/gb/text.txt', line: 2, text: 'hi' },
      ],
      truncated: true,
    });
    expect(await sandbox.grep('nothing_here', '/workspace/gb')).toEqual({ matches: [] });
    expect(await sandbox.grep('hi', '/workspace/missing')).toEqual({ matches: [] });
    expect((await sandbox.grep('hi', '/workspace/../etc')).error).toMatch(/not allowed/);
  });
});

describe('glob', () => {
  test('matches paths below the base, answering them relative to it; folders included', async ({
    sandbox,
  }) => {
    for (const path of ['file1.txt', 'file2.txt', 'file10.txt', 'fileA.txt', 'a.py', '.hidden']) {
      await sandbox.write(`/workspace/gl/${path}`, 'content');
    }
    await sandbox.write('/workspace/gl/sub/deep/nested.txt', 'content');
    const paths = async (pattern: string, base = '/workspace/gl') =>
      (await sandbox.glob(pattern, base)).files?.map((file) => file.path);
    expect(await paths('*.txt')).toEqual(['file1.txt', 'file10.txt', 'file2.txt', 'fileA.txt']);
    expect(await paths('file[1-2].txt')).toEqual(['file1.txt', 'file2.txt']);
    expect(await paths('file?.txt')).toEqual(['file1.txt', 'file2.txt', 'fileA.txt']);
    expect(await paths('.*')).toEqual(['.hidden']);
    expect(await paths('**/nested.txt')).toEqual(['sub/deep/nested.txt']);
    expect(await paths('*.rb')).toEqual([]);
    expect(await paths('*', '/workspace/gl/sub')).toEqual(['deep']);
    const [folder] = (await sandbox.glob('*', '/workspace/gl/sub')).files ?? [];
    expect(folder).toMatchObject({ path: 'deep', is_dir: true });
  });

  test('an absolute pattern matches whole /workspace paths; / is the workspace', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/ga/x.md', '#');
    await sandbox.write('/workspace/ga/d/y.md', '#');
    const paths = async (pattern: string, base?: string) =>
      (await sandbox.glob(pattern, base)).files?.map((file) => file.path);
    expect(await paths('/ga/**/*.md')).toEqual(['/workspace/ga/d/y.md', '/workspace/ga/x.md']);
    expect(await paths('/workspace/ga/*.md')).toEqual(['/workspace/ga/x.md']);
    expect(await paths('**/*.md')).toEqual(['ga/d/y.md', 'ga/x.md']);
    expect(await paths('**/*.md', '/workspace/nothing')).toEqual([]);
  });
});

describe('delete', () => {
  test('removes a file or a folder with its contents; refuses a missing path and the workspace', async ({
    sandbox,
  }) => {
    await sandbox.write('/workspace/del/a/b.txt', 'b');
    await sandbox.write('/workspace/del/c.txt', 'c');
    expect(await sandbox.delete('/workspace/del/c.txt')).toEqual({
      path: '/workspace/del/c.txt',
      filesUpdate: null,
    });
    expect(await sandbox.delete('/workspace/del')).toMatchObject({ path: '/workspace/del' });
    expect(await sandbox.session.files.exists('del')).toBe(false);
    expect(await sandbox.delete('/workspace/del')).toEqual({
      error: "Error: '/workspace/del' not found",
    });
    expect((await sandbox.delete('/')).error).toMatch(/the workspace itself/);
    expect((await sandbox.delete('/workspace/')).error).toMatch(/the workspace itself/);
  });
});

describe('packaging', () => {
  test('the built package never loads deepagents (an optional peer): it uses only its types', () => {
    for (const file of ['index.js', 'index.cjs']) {
      const built = readFileSync(new URL(`../../dist/${file}`, import.meta.url), 'utf8');
      expect(built).toContain('CodeInterpreterSandbox');
      expect(built).not.toMatch(/from\s*["']deepagents["']|require\(\s*["']deepagents["']\s*\)/);
    }
  });
});
