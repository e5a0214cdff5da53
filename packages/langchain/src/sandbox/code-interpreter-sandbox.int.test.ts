import { readFileSync } from 'node:fs';
import { type CodeInterpreter, createCodeInterpreter } from '@code-interpreter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeInterpreterSandbox } from './code-interpreter-sandbox';

// The behaviours deepagents' standard sandbox suite checks of every provider (lifecycle, command
// execution, file operations, read, write, edit, ls, grep, glob, initial files, workflows),
// written here against real sandboxes: the shell is just-bash over the session's workspace, so
// every file the file tools write is checked with `cat`, `wc` or `[ -f ]` in `execute`, and back.

const encode = (text: string) => new TextEncoder().encode(text);
/** Where the suite puts its files: the workspace, as the shell sees it. */
const at = (name: string) => `/workspace/${name}`;
/** `Line_<from>` to `Line_<to>`, one a line. */
const lineRange = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => `Line_${from + index}`).join('\n');

let interpreter: CodeInterpreter;
let sandbox: CodeInterpreterSandbox;
beforeAll(async () => {
  interpreter = createCodeInterpreter({ workers: 1 });
  sandbox = await CodeInterpreterSandbox.create({ interpreter });
});
afterAll(async () => {
  await sandbox.close();
  await interpreter.close();
});

describe('lifecycle', () => {
  it('is running with a non-empty id after create', () => {
    expect(sandbox.isRunning).toBe(true);
    expect(sandbox.id.length).toBeGreaterThan(0);
  });

  it('two-step: new is not running, initialize starts it with its own interpreter, close stops it all', async () => {
    const own = new CodeInterpreterSandbox({ workers: 1 });
    expect(own.isRunning).toBe(false);
    await own.initialize();
    expect(own.isRunning).toBe(true);
    expect((await own.execute('echo started')).output).toBe('started\n');
    await own.close();
    expect(own.isRunning).toBe(false);
    await expect(own.execute('echo again')).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('closing one sandbox leaves another on the same interpreter working', async () => {
    const other = await CodeInterpreterSandbox.create({ interpreter });
    await other.close();
    expect(other.isRunning).toBe(false);
    expect((await sandbox.execute('echo still here')).output).toBe('still here\n');
  });
});

describe('command execution', () => {
  it('echo, exit codes, multiline output, stderr, environment variables, unknown commands', async () => {
    expect(await sandbox.execute('echo "hello"')).toEqual({
      output: 'hello\n',
      exitCode: 0,
      truncated: false,
    });
    expect((await sandbox.execute('exit 42')).exitCode).toBe(42);
    expect((await sandbox.execute('echo "line1" && echo "line2" && echo "line3"')).output).toBe(
      'line1\nline2\nline3\n',
    );
    expect((await sandbox.execute('echo "error message" >&2')).output).toBe('error message\n');
    expect((await sandbox.execute('export MY_VAR="test_value" && echo $MY_VAR')).output).toBe(
      'test_value\n',
    );
    const unknown = await sandbox.execute('nonexistent_command_12345');
    expect(unknown.exitCode).toBe(127);
    expect(unknown.output).toContain('command not found');
  });

  it('runs python3 and node on workspace files in real sandboxes', async () => {
    await sandbox.write(at('calc.py'), 'import sys\nprint(sum(int(a) for a in sys.argv[1:]))\n');
    expect(await sandbox.execute('python3 /workspace/calc.py 1 2 3')).toMatchObject({
      output: '6\n',
      exitCode: 0,
    });
    expect((await sandbox.execute('node -e "console.log(6 * 7)"')).output).toBe('42\n');
  });

  it('reaches nothing of the host: / is a small virtual root, /etc/passwd is not there', async () => {
    const passwd = await sandbox.execute('cat /etc/passwd');
    expect(passwd.exitCode).not.toBe(0);
    expect(passwd.output).not.toContain(readFileSync('/etc/passwd', 'utf8').split('\n')[0]);
    expect((await sandbox.execute('pwd')).output).toBe('/workspace\n');
  });
});

describe('file operations', () => {
  it('uploads files the shell then reads, and downloads files the shell wrote', async () => {
    expect(
      await sandbox.uploadFiles([[at('test-upload.txt'), encode('Hello from test file!')]]),
    ).toEqual([{ path: at('test-upload.txt'), error: null }]);
    expect((await sandbox.execute(`cat ${at('test-upload.txt')}`)).output).toBe(
      'Hello from test file!',
    );
    await sandbox.execute(`echo "Download test content" > ${at('test-download.txt')}`);
    const [download] = await sandbox.downloadFiles([at('test-download.txt')]);
    expect(download?.error).toBeNull();
    expect(new TextDecoder().decode(download?.content ?? undefined)).toBe(
      'Download test content\n',
    );
  });

  it('per-file errors: a missing file, a folder, a path with ..; the others still work', async () => {
    await sandbox.execute('mkdir -p /workspace/fo-dir');
    const downloads = await sandbox.downloadFiles([
      at('nonexistent-file-12345.txt'),
      at('fo-dir'),
      '/workspace/../etc/passwd',
      at('test-upload.txt'),
    ]);
    expect(downloads.map((download) => download.error)).toEqual([
      'file_not_found',
      'is_directory',
      'invalid_path',
      null,
    ]);
    const uploads = await sandbox.uploadFiles([
      [at('fo-dir'), encode('over a folder')],
      ['../../etc/cron.d/x', encode('no')],
      [at('multi1.txt'), encode('Content 1')],
      [at('multi2.txt'), encode('Content 2')],
    ]);
    expect(uploads.map((upload) => upload.error)).toEqual([
      'is_directory',
      'invalid_path',
      null,
      null,
    ]);
    expect((await sandbox.execute(`cat ${at('multi1.txt')} ${at('multi2.txt')}`)).output).toBe(
      'Content 1Content 2',
    );
    expect((await sandbox.execute('[ -d /workspace/fo-dir ] && echo folder')).output).toBe(
      'folder\n',
    );
  });
});

describe('write', () => {
  it('new files, parent folders, overwrites, special characters, spaces, unicode, slashes', async () => {
    const cases: Array<[string, string]> = [
      [at('wt-new.txt'), 'Hello, sandbox!\nLine 2\nLine 3'],
      [at('wt-parents/deep/nested/dir/file.txt'), 'Nested file content'],
      [
        at('wt-special.txt'),
        'Special chars: $VAR, `command`, $(subshell)\nTab\there\nBackslash: \\',
      ],
      [at('wt-spaces/dir with spaces/file name.txt'), 'Content in file with spaces'],
      [at('wt-unicode.txt'), 'Hello 👋 世界 مرحبا Привет 🌍\nLine with émojis 🎉'],
    ];
    for (const [path, content] of cases) {
      expect(await sandbox.write(path, content)).toEqual({ path, filesUpdate: null });
      expect((await sandbox.execute(`cat '${path}'`)).output).toBe(content);
    }
    await sandbox.write(at('wt-existing.txt'), 'First content');
    await sandbox.write(at('wt-existing.txt'), 'Second content');
    expect((await sandbox.execute(`cat ${at('wt-existing.txt')}`)).output).toBe('Second content');
    expect(
      (await sandbox.write(`${at('wt-slashes')}//subdir///file.txt`, 'Content')).error,
    ).toBeUndefined();
    expect((await sandbox.execute(`cat ${at('wt-slashes/subdir/file.txt')}`)).output).toBe(
      'Content',
    );
  });

  it('empty files, 1000 lines, only newlines', async () => {
    await sandbox.write(at('wt-empty.txt'), '');
    expect((await sandbox.execute(`[ -f ${at('wt-empty.txt')} ] && echo exists`)).output).toBe(
      'exists\n',
    );
    const lines = Array.from(
      { length: 1000 },
      (_, index) => `Line ${index} with some content here`,
    );
    await sandbox.write(at('wt-long.txt'), lines.join('\n'));
    expect((await sandbox.execute(`wc -l < ${at('wt-long.txt')}`)).output.trim()).toBe('999');
    await sandbox.write(at('wt-newlines.txt'), '\n\n\n\n\n');
    expect((await sandbox.execute(`wc -l < ${at('wt-newlines.txt')}`)).output.trim()).toBe('5');
  });
});

describe('read', () => {
  it('reads what the shell wrote, by line windows', async () => {
    await sandbox.execute(
      `for i in $(seq 1 1000); do echo "Line_$i"; done > ${at('rd-chunked.txt')}`,
    );
    const first = await sandbox.read(at('rd-chunked.txt'), 0, 100);
    expect(first).toMatchObject({ totalLines: 1000, startLine: 1, endLine: 100, nextOffset: 100 });
    expect(first.content).toBe(lineRange(1, 100));
    const middle = await sandbox.read(at('rd-chunked.txt'), 500, 100);
    expect(middle.content).toBe(lineRange(501, 600));
    const last = await sandbox.read(at('rd-chunked.txt'), 900, 100);
    expect(last).toMatchObject({ startLine: 901, endLine: 1000 });
    expect(last.nextOffset).toBeUndefined();
    expect((await sandbox.read(at('rd-chunked.txt'), 0, 0)).content).toBe('');
    expect((await sandbox.read(at('rd-chunked.txt'), 1000, 10)).content).toBe('');
  });

  it('unicode, long lines, empty files, missing files', async () => {
    await sandbox.execute(`printf 'Hello 👋 世界\\nПривет мир\\n' > ${at('rd-unicode.txt')}`);
    expect((await sandbox.read(at('rd-unicode.txt'))).content).toBe('Hello 👋 世界\nПривет мир');
    await sandbox.write(
      at('rd-long-lines.txt'),
      `Short line\n${'x'.repeat(3000)}\nAnother short line`,
    );
    expect((await sandbox.read(at('rd-long-lines.txt'))).content).toContain('x'.repeat(3000));
    await sandbox.execute(`touch ${at('rd-empty.txt')}`);
    expect(await sandbox.read(at('rd-empty.txt'))).toEqual({
      content: 'System reminder: File exists but has empty contents',
      mimeType: 'text/plain',
    });
    expect((await sandbox.read(at('rd-nonexistent-xyz.txt'))).error?.toLowerCase()).toContain(
      'not found',
    );
  });
});

describe('edit', () => {
  it('edits what the shell sees: single, replaceAll, multiline, substring, deletion', async () => {
    await sandbox.write(at('ed.txt'), 'apple\nbanana\napple\norange\napple\nThe quick brown fox\n');
    expect((await sandbox.edit(at('ed.txt'), 'apple', 'pear')).error?.toLowerCase()).toContain(
      'multiple',
    );
    expect(await sandbox.edit(at('ed.txt'), 'apple', 'pear', true)).toMatchObject({
      occurrences: 3,
    });
    expect(await sandbox.edit(at('ed.txt'), 'banana\npear', 'Combined')).toMatchObject({
      occurrences: 1,
    });
    await sandbox.edit(at('ed.txt'), 'brown fox', 'red cat');
    await sandbox.edit(at('ed.txt'), 'orange\n', '');
    expect((await sandbox.execute(`cat ${at('ed.txt')}`)).output).toBe(
      'pear\nCombined\npear\nThe quick red cat\n',
    );
  });

  it('errors: string not found, file not found', async () => {
    await sandbox.write(at('ed-not-found.txt'), 'Hello world');
    expect(
      (await sandbox.edit(at('ed-not-found.txt'), 'nonexistent', 'x')).error?.toLowerCase(),
    ).toContain('not found');
    expect(
      (await sandbox.edit(at('ed-nonexistent-xyz.txt'), 'old', 'new')).error?.toLowerCase(),
    ).toContain('not found');
  });
});

describe('ls', () => {
  it('lists files and folders the shell made, with absolute paths, hidden and odd names', async () => {
    const base = at('li-basic');
    await sandbox.execute(
      `mkdir -p '${base}/subdir' '${base}/dir with spaces' && echo 1 > ${base}/file1.txt && echo h > ${base}/.hidden && echo x > '${base}/file(1).txt' && echo u > ${base}/файл.txt`,
    );
    const { files, error } = await sandbox.ls(base);
    expect(error).toBeUndefined();
    expect(files?.map(({ path, is_dir }) => [path, is_dir])).toEqual([
      [`${base}/.hidden`, false],
      [`${base}/dir with spaces/`, true],
      [`${base}/file(1).txt`, false],
      [`${base}/file1.txt`, false],
      [`${base}/subdir/`, true],
      [`${base}/файл.txt`, false],
    ]);
    expect((await sandbox.ls(`${base}/`)).files).toHaveLength(6);
  });

  it('a large folder, an empty folder, a missing folder', async () => {
    await sandbox.execute(
      `mkdir -p '${at('li-large')}' && cd '${at('li-large')}' && for i in $(seq 0 49); do echo 'content' > file_$(printf '%03d' $i).txt; done`,
    );
    const large = (await sandbox.ls(at('li-large'))).files ?? [];
    expect(large).toHaveLength(50);
    expect(large[0]?.path).toBe(at('li-large/file_000.txt'));
    expect(large[49]?.path).toBe(at('li-large/file_049.txt'));
    await sandbox.execute(`mkdir -p ${at('li-empty-dir')}`);
    expect(await sandbox.ls(at('li-empty-dir'))).toEqual({ files: [] });
    expect(await sandbox.ls(at('li-does-not-exist-12345'))).toEqual({ files: [] });
  });
});

describe('grep', () => {
  it('literal, case-sensitive matches with line numbers, across nested folders', async () => {
    const base = at('gr');
    await sandbox.write(`${base}/file1.txt`, 'Hello world\nGoodbye world');
    await sandbox.write(`${base}/file2.txt`, 'Hello there\nhello\nHELLO');
    await sandbox.write(`${base}/sub1/sub2/level2.py`, 'Price: $100\nPattern: [a-z]*\n世界');
    await sandbox.execute(`for i in $(seq 1 100); do echo "Line $i"; done > ${base}/long.txt`);
    expect((await sandbox.grep('Hello', base)).matches).toEqual([
      { path: `${base}/file1.txt`, line: 1, text: 'Hello world' },
      { path: `${base}/file2.txt`, line: 1, text: 'Hello there' },
    ]);
    expect((await sandbox.grep('[a-z]*', base)).matches).toEqual([
      { path: `${base}/sub1/sub2/level2.py`, line: 2, text: 'Pattern: [a-z]*' },
    ]);
    expect((await sandbox.grep('世界', base)).matches).toHaveLength(1);
    expect((await sandbox.grep('Line 50', base)).matches).toEqual([
      { path: `${base}/long.txt`, line: 50, text: 'Line 50' },
    ]);
    expect((await sandbox.grep('$100', base, '*.py')).matches).toHaveLength(1);
    expect((await sandbox.grep('Hello', base, '*.py')).matches).toEqual([]);
    await sandbox.execute(`mkdir -p ${at('gr-empty-dir')}`);
    expect(await sandbox.grep('anything', at('gr-empty-dir'))).toEqual({ matches: [] });
  });
});

describe('glob', () => {
  it('wildcards, **, classes, ?, hidden files, folders, no match', async () => {
    const base = at('gl');
    await sandbox.execute(
      `mkdir -p ${base}/dir1 ${base}/sub/a/b && cd ${base} && touch file1.txt file2.txt file10.txt fileA.txt file.py .hidden1 sub/a/b/deep.txt`,
    );
    const paths = async (pattern: string, path = base) =>
      (await sandbox.glob(pattern, path)).files?.map((file) => file.path);
    expect(await paths('*.txt')).toEqual(['file1.txt', 'file10.txt', 'file2.txt', 'fileA.txt']);
    expect(await paths('file[1-2].txt')).toEqual(['file1.txt', 'file2.txt']);
    expect(await paths('file?.txt')).toEqual(['file1.txt', 'file2.txt', 'fileA.txt']);
    expect(await paths('.*')).toEqual(['.hidden1']);
    expect(await paths('**/deep.txt')).toEqual(['sub/a/b/deep.txt']);
    expect(await paths('*.rb')).toEqual([]);
    const top = (await sandbox.glob('*', base)).files ?? [];
    expect(top.filter((file) => file.is_dir).map((file) => file.path)).toEqual(['dir1', 'sub']);
  });
});

describe('initial files', () => {
  it('seed the workspace: cat, read, downloadFiles, ls and sh see them', async () => {
    const seeded = await CodeInterpreterSandbox.create({
      interpreter,
      initialFiles: {
        [at('init-test.txt')]: 'Hello from initial file!',
        [at('nested/dir/file.txt')]: 'Nested content',
        [at('src/components/Button/index.tsx')]:
          'export const Button = () => <button>Click</button>;',
        [at('init-script.sh')]: '#!/bin/sh\necho "Hello from initialFiles script"',
      },
    });
    try {
      expect(await seeded.execute(`cat ${at('init-test.txt')}`)).toMatchObject({
        output: 'Hello from initial file!',
        exitCode: 0,
      });
      expect((await seeded.execute(`cat ${at('nested/dir/file.txt')}`)).output).toBe(
        'Nested content',
      );
      expect((await seeded.read(at('src/components/Button/index.tsx'))).content).toContain(
        'Button',
      );
      const [download] = await seeded.downloadFiles([at('init-test.txt')]);
      expect(download?.error).toBeNull();
      expect((await seeded.ls(at('nested/dir'))).files?.map((file) => file.path)).toEqual([
        at('nested/dir/file.txt'),
      ]);
      expect(await seeded.execute(`sh ${at('init-script.sh')}`)).toMatchObject({
        output: 'Hello from initialFiles script\n',
        exitCode: 0,
      });
      // Its files are its own: the shared sandbox has none of them.
      expect((await sandbox.execute(`cat ${at('init-test.txt')}`)).exitCode).not.toBe(0);
    } finally {
      await seeded.close();
    }
    const empty = await CodeInterpreterSandbox.create({ interpreter, initialFiles: {} });
    expect((await empty.execute('echo "Works!"')).output).toBe('Works!\n');
    await empty.close();
  });
});

describe('workflows', () => {
  it('write, read, edit, read; then ls, glob and grep over a tree', async () => {
    const file = at('intg-workflow.txt');
    expect((await sandbox.write(file, 'Original content')).error).toBeUndefined();
    expect((await sandbox.read(file)).content).toBe('Original content');
    expect((await sandbox.edit(file, 'Original', 'Modified')).error).toBeUndefined();
    expect((await sandbox.read(file)).content).toBe('Modified content');

    const base = at('intg-complex');
    await sandbox.write(`${base}/root.txt`, 'root file');
    await sandbox.write(`${base}/subdir1/file1.txt`, 'file 1');
    await sandbox.write(`${base}/subdir1/file2.py`, 'file 2');
    await sandbox.write(`${base}/subdir2/file3.txt`, 'file 3');
    expect((await sandbox.ls(base)).files?.map((info) => info.path)).toEqual([
      `${base}/root.txt`,
      `${base}/subdir1/`,
      `${base}/subdir2/`,
    ]);
    expect((await sandbox.glob('**/*.txt', base)).files).toHaveLength(3);
    expect((await sandbox.grep('file', base)).matches).toHaveLength(4);
  });
});

describe('workspace limits and confinement', () => {
  it('a file over a limit is refused whole with a per-file error saying which limit', async () => {
    const small = await CodeInterpreterSandbox.create({
      workers: 1,
      workspace: { maxFileBytes: 1_000_000, maxBytes: 2_500_000 },
    });
    try {
      const big = new Uint8Array(1_500_000).fill(97);
      const chunk = new Uint8Array(900_000).fill(98);
      const uploads = await small.uploadFiles([
        ['/workspace/huge.bin', big],
        ['/workspace/c1.bin', chunk],
        ['/workspace/c2.bin', chunk],
        ['/workspace/c3.bin', chunk],
        ['/workspace/tiny.txt', encode('still fits')],
      ]);
      expect(uploads.map((upload) => upload.error)).toEqual([
        'permission_denied',
        null,
        null,
        'permission_denied',
        null,
      ]);
      expect(uploads[0]?.message).toMatch(/^EFBIG: /);
      expect(uploads[3]?.message).toMatch(/^ENOSPC: /);
      expect((await small.execute('ls /workspace')).output.split('\n').filter(Boolean)).toEqual([
        'c1.bin',
        'c2.bin',
        'tiny.txt',
      ]);
      expect((await small.write('/workspace/big.txt', 'x'.repeat(1_200_000))).error).toMatch(
        /^Failed to write to \/workspace\/big.txt: EFBIG: /,
      );
    } finally {
      await small.close();
    }
  });

  it('a host path in a file tool is a name inside the workspace; the host file is untouched', async () => {
    const hostPasswd = readFileSync('/etc/passwd', 'utf8');
    expect((await sandbox.read('/etc/passwd')).error).toBe("File '/etc/passwd' not found");
    expect(await sandbox.write('/etc/passwd', 'pwned')).toMatchObject({ path: '/etc/passwd' });
    expect(readFileSync('/etc/passwd', 'utf8')).toBe(hostPasswd);
    expect((await sandbox.execute('cat /workspace/etc/passwd')).output).toBe('pwned');
    expect((await sandbox.read('/workspace/../../etc/passwd')).error).toMatch(/not allowed/);
  });
});
