import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCacheFolder, SnapshotCache } from './snapshot-cache';

const root = mkdtempSync(join(tmpdir(), 'snapshot-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `cache-${n++}`);
const key = 'ab'.repeat(32);
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const text = (buffer: ArrayBuffer | undefined) =>
  buffer === undefined ? undefined : new TextDecoder().decode(buffer);

describe('SnapshotCache', () => {
  it('keeps a snapshot in a folder only this user may write, and reads it back', () => {
    const folder = fresh();
    const cache = new SnapshotCache(folder);
    expect(cache.read('pyodide', key).outcome).toEqual({ kind: 'miss' });
    expect(cache.write('pyodide', key, bytes('image'))).toEqual({
      kind: 'hit',
      path: join(folder, `pyodide-${key}.bin`),
    });
    const { bytes: read, outcome } = new SnapshotCache(folder).read('pyodide', key);
    expect(text(read)).toBe('image');
    expect(outcome.kind).toBe('hit');
    expect(readdirSync(folder)).toEqual([`pyodide-${key}.bin`]);
  });

  it('a corrupt or torn file is a miss, and is removed', () => {
    const folder = fresh();
    const cache = new SnapshotCache(folder);
    cache.write('pyodide', key, bytes('image'));
    const path = join(folder, `pyodide-${key}.bin`);
    const data = readFileSync(path);
    data.writeUInt8(data.readUInt8(data.length - 1) ^ 1, data.length - 1);
    writeFileSync(path, data, { mode: 0o600 });
    expect(cache.read('pyodide', key)).toEqual({ outcome: { kind: 'miss' } });
    expect(existsSync(path)).toBe(false);
    cache.write('pyodide', key, bytes('image'));
    writeFileSync(path, readFileSync(path).subarray(0, 50), { mode: 0o600 });
    expect(cache.read('pyodide', key).bytes).toBeUndefined();
  });

  it('refuses a folder others may write, or a link to one, and never writes there', () => {
    const open = fresh();
    mkdirSync(open);
    chmodSync(open, 0o777);
    const cache = new SnapshotCache(open);
    expect(cache.read('pyodide', key).outcome).toMatchObject({ kind: 'refused' });
    expect(cache.write('pyodide', key, bytes('image'))).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/only it may write \(set CODE_INTERPRETER_CACHE_DIR/),
    });
    expect(readdirSync(open)).toEqual([]);
    const link = fresh();
    const target = fresh();
    mkdirSync(target, { mode: 0o700 });
    symlinkSync(target, link);
    expect(new SnapshotCache(link).write('pyodide', key, bytes('image'))).toMatchObject({
      kind: 'refused',
    });
  });

  it('refuses a file others may write', () => {
    const folder = fresh();
    const cache = new SnapshotCache(folder);
    cache.write('pyodide', key, bytes('image'));
    chmodSync(join(folder, `pyodide-${key}.bin`), 0o666);
    expect(cache.read('pyodide', key)).toMatchObject({ outcome: { kind: 'refused' } });
  });

  it("a new key's snapshot replaces the old keys' files of its kind only", () => {
    const folder = fresh();
    const cache = new SnapshotCache(folder);
    cache.write('pyodide', key, bytes('old'));
    cache.write('other', key, bytes('kept'));
    const next = 'cd'.repeat(32);
    cache.write('pyodide', next, bytes('new'));
    expect(readdirSync(folder).sort()).toEqual([`other-${key}.bin`, `pyodide-${next}.bin`]);
    expect(text(cache.read('pyodide', next).bytes)).toBe('new');
  });

  it('takes only plain kinds and hex keys (no path in a name)', () => {
    const cache = new SnapshotCache(fresh());
    expect(() => cache.read('../x', key)).toThrow(TypeError);
    expect(() => cache.read('pyodide', '../../etc/passwd')).toThrow(TypeError);
  });
});

describe('defaultCacheFolder', () => {
  it('is CODE_INTERPRETER_CACHE_DIR, none for off, else under XDG_CACHE_HOME or ~/.cache', () => {
    expect(defaultCacheFolder({ CODE_INTERPRETER_CACHE_DIR: '/c' })).toBe('/c');
    expect(defaultCacheFolder({ CODE_INTERPRETER_CACHE_DIR: 'off' })).toBeUndefined();
    expect(defaultCacheFolder({ CODE_INTERPRETER_CACHE_DIR: '' })).toBeUndefined();
    expect(defaultCacheFolder({ XDG_CACHE_HOME: '/x' })).toBe('/x/code-interpreter');
    expect(defaultCacheFolder({})).toMatch(/\/\.cache\/code-interpreter$/);
  });
});
