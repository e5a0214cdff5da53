import { execFileSync } from 'node:child_process';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkspaceError } from '../errors/workspace-error';
import { WorkspaceFileSystem } from './workspace-file-system';
import { resolveWorkspaceLimits, type WorkspaceLimits } from './workspace-limits';

let base: string;
let root: string;
let outside: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'workspace-fs-test-'));
  root = join(base, 'workspace');
  outside = join(base, 'secret.txt');
  mkdirSync(root);
  writeFileSync(outside, 'host secret');
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

const open = (limits: WorkspaceLimits = {}) =>
  new WorkspaceFileSystem(root, resolveWorkspaceLimits(limits));
const text = (value: string) => new TextEncoder().encode(value);

/** The error a call throws, checked to be a WorkspaceError that names no host path. */
function refusal(action: () => unknown): WorkspaceError {
  try {
    action();
  } catch (error) {
    expect(WorkspaceError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain(base);
    return error as WorkspaceError;
  }
  throw new Error('expected a refusal');
}

describe('WorkspaceFileSystem', () => {
  it('writes, reads, lists, stats, renames and removes files under /workspace', () => {
    const files = open();
    files.mkdir('data/raw', true);
    files.writeFile('data/raw/a.csv', text('x,y\n1,2\n'));
    files.writeFile('/workspace/data/b.txt', text('hello'));
    files.writeFile('data/b.txt', text(' world'), { append: true });
    expect(new TextDecoder().decode(files.readFile('/workspace/data/b.txt'))).toBe('hello world');
    expect(files.readdir('data')).toEqual([
      { name: 'b.txt', type: 'file' },
      { name: 'raw', type: 'directory' },
    ]);
    expect(files.stat('data/raw/a.csv')).toMatchObject({ type: 'file', size: 8 });
    files.rename('data/raw/a.csv', 'data/a.csv');
    expect(files.exists('data/raw/a.csv')).toBe(false);
    files.copyFile('data/a.csv', 'copy.csv');
    expect(files.usage()).toMatchObject({ bytes: 8 + 11 + 8, entries: 5 });
    files.rm('data', { recursive: true });
    expect(files.readdir('/workspace')).toEqual([{ name: 'copy.csv', type: 'file' }]);
    expect(files.usage()).toMatchObject({ bytes: 8, entries: 1 });
  });

  it('reads and writes through descriptors with positions, appends and truncation', () => {
    const files = open();
    const fd = files.open('log.txt', 0o100 | 0o2); // O_CREAT | O_RDWR
    expect(files.write(fd, text('abcdef'))).toBe(6);
    expect(files.write(fd, text('XY'), 1)).toBe(2);
    expect(new TextDecoder().decode(files.read(fd, 100, 0))).toBe('aXYdef');
    files.ftruncate(fd, 3);
    expect(files.fstat(fd).size).toBe(3);
    files.close(fd);
    expect(refusal(() => files.close(fd)).code).toBe('EBADF');
    const appender = files.open('log.txt', 0o1 | 0o2000); // O_WRONLY | O_APPEND
    files.write(appender, text('!'), 0);
    files.close(appender);
    expect(new TextDecoder().decode(files.readFile('log.txt'))).toBe('aXY!');
    expect(files.usage().bytes).toBe(4);
  });

  it.each([
    ['../secret.txt'],
    ['/workspace/../secret.txt'],
    ['/etc/passwd'],
    ['data/../../secret.txt'],
    ['/'],
    ['/workspacex/file'],
  ])('refuses %s as outside the workspace', (path) => {
    const files = open();
    expect(refusal(() => files.readFile(path)).code).toBe('EACCES');
    expect(refusal(() => files.writeFile(path, text('x'))).code).toBe('EACCES');
    expect(readFileSync(outside, 'utf8')).toBe('host secret');
  });

  it('refuses NUL bytes, control characters and device names in new names, with a clear message', () => {
    const files = open();
    expect(refusal(() => files.writeFile('a\u0000b', text('x'))).code).toBe('EINVAL');
    const newline = refusal(() => files.writeFile('bad\nname.txt', text('x')));
    expect(newline.code).toBe('EINVAL');
    expect(newline.message).toContain('control characters');
    expect(newline.message).toContain('bad\\nname.txt');
    expect(refusal(() => files.mkdir('tab\there')).code).toBe('EINVAL');
    expect(refusal(() => files.writeFile('esc\u001b[31m', text('x'))).code).toBe('EINVAL');
    expect(refusal(() => files.writeFile('NUL.txt', text('x'))).message).toContain(
      'reserved device name',
    );
    expect(refusal(() => files.writeFile('com1', text('x'))).code).toBe('EINVAL');
    expect(refusal(() => files.writeFile(`${'n'.repeat(256)}.txt`, text('x'))).code).toBe('EINVAL');
    expect(files.readdir('/workspace')).toEqual([]);
  });

  it('refuses paths deeper than maxDepth', () => {
    const files = open({ maxDepth: 3 });
    files.mkdir('a/b/c', true);
    expect(refusal(() => files.mkdir('a/b/c/d')).message).toContain('at most 3');
    files.mkdir('x');
    files.mkdir('x/y');
    // Moving a deep folder under another may not take it past the limit either.
    expect(refusal(() => files.rename('a', 'x/y/a')).code).toBe('EINVAL');
  });

  it('never follows a symbolic link, wherever it is on the path', () => {
    symlinkSync(outside, join(root, 'link.txt'));
    symlinkSync(base, join(root, 'escape'));
    const files = open();
    expect(refusal(() => files.readFile('link.txt')).code).toBe('ELOOP');
    expect(refusal(() => files.readFile('escape/secret.txt')).code).toBe('ELOOP');
    expect(refusal(() => files.writeFile('escape/new.txt', text('x'))).code).toBe('ELOOP');
    expect(refusal(() => files.writeFile('link.txt', text('overwrite'))).code).toBe('ELOOP');
    expect(refusal(() => files.open('link.txt', 0)).code).toBe('ELOOP');
    expect(files.readdir('/workspace')).toEqual([]);
    expect(readFileSync(outside, 'utf8')).toBe('host secret');
  });

  it('refuses a hard-linked file (it could be a host file linked in) and special files', () => {
    linkSync(outside, join(root, 'hard.txt'));
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const files = open();
    expect(refusal(() => files.readFile('hard.txt')).message).toContain('hard-linked');
    expect(refusal(() => files.writeFile('hard.txt', text('x'))).code).toBe('EPERM');
    // A FIFO would block a reader forever: refused at once.
    expect(refusal(() => files.readFile('pipe')).code).toBe('EPERM');
    expect(refusal(() => files.open('pipe', 0)).code).toBe('EPERM');
    expect(readFileSync(outside, 'utf8')).toBe('host secret');
  });

  it('refuses a file over maxFileBytes whole, never truncated', () => {
    const files = open({ maxFileBytes: 1000 });
    const error = refusal(() => files.writeFile('big.bin', new Uint8Array(1001)));
    expect(error.code).toBe('EFBIG');
    expect(error.message).toContain('1000 bytes');
    expect(files.exists('big.bin')).toBe(false);
    files.writeFile('ok.bin', new Uint8Array(1000));
    expect(refusal(() => files.writeFile('ok.bin', new Uint8Array(1), { append: true })).code).toBe(
      'EFBIG',
    );
    expect(files.stat('ok.bin').size).toBe(1000);
    const fd = files.open('ok.bin', 0o2);
    expect(refusal(() => files.write(fd, new Uint8Array(10), 995)).code).toBe('EFBIG');
    files.close(fd);
    expect(files.stat('ok.bin').size).toBe(1000);
  });

  it('refuses writes past maxBytes and entries past maxFiles, and frees room on removal', () => {
    const files = open({ maxBytes: 3000, maxFiles: 3 });
    files.writeFile('a', new Uint8Array(2000));
    const full = refusal(() => files.writeFile('b', new Uint8Array(1001)));
    expect(full.code).toBe('ENOSPC');
    expect(full.message).toContain('2000 of 3000 bytes');
    files.writeFile('b', new Uint8Array(1000));
    files.mkdir('c');
    expect(refusal(() => files.writeFile('d', new Uint8Array(0))).message).toContain(
      '3 files and folders',
    );
    files.unlink('a');
    files.writeFile('d', new Uint8Array(1500));
    expect(files.usage()).toMatchObject({ bytes: 2500, entries: 3 });
  });

  it('counts what another writer put there once usage is refreshed', () => {
    const files = open({ maxBytes: 1000 });
    files.writeFile('mine', new Uint8Array(100));
    writeFileSync(join(root, 'theirs'), new Uint8Array(800));
    files.refreshUsage();
    expect(refusal(() => files.writeFile('more', new Uint8Array(200))).code).toBe('ENOSPC');
  });

  it('keeps concurrent writers within the limits', () => {
    const first = open({ maxBytes: 10_000 });
    const second = open({ maxBytes: 10_000 });
    for (let index = 0; index < 10; index++) {
      first.writeFile(`f${index}`, new Uint8Array(500));
      second.refreshUsage();
      second.writeFile(`s${index}`, new Uint8Array(400));
      first.refreshUsage();
    }
    expect(refusal(() => first.writeFile('one-more', new Uint8Array(1001))).code).toBe('ENOSPC');
  });

  it('keeps the workspace itself: it cannot be removed, replaced or moved', () => {
    const files = open();
    expect(refusal(() => files.rmdir('/workspace')).code).toBe('EPERM');
    expect(refusal(() => files.rename('/workspace', 'x')).code).toBe('EPERM');
    expect(refusal(() => files.writeFile('/workspace', text('x'))).code).toBe('EISDIR');
    files.writeFile('x', text('1'));
    files.rm('/workspace', { recursive: true });
    expect(files.readdir('.')).toEqual([]);
  });

  it('says ENOENT, EEXIST, ENOTDIR, EISDIR and ENOTEMPTY as a program would see them', () => {
    const files = open();
    expect(refusal(() => files.readFile('missing.txt')).message).toBe(
      "ENOENT: no such file or directory, open '/workspace/missing.txt'",
    );
    files.writeFile('file', text('x'));
    expect(refusal(() => files.mkdir('file')).code).toBe('EEXIST');
    expect(refusal(() => files.readFile('file/inner')).code).toBe('ENOTDIR');
    files.mkdir('folder');
    files.writeFile('folder/inside', text('x'));
    expect(refusal(() => files.readFile('folder')).code).toBe('EISDIR');
    expect(refusal(() => files.rmdir('folder')).code).toBe('ENOTEMPTY');
    expect(refusal(() => files.rm('folder')).code).toBe('EISDIR');
    expect(refusal(() => files.open('file', 0o100 | 0o200)).code).toBe('EEXIST');
  });
});
