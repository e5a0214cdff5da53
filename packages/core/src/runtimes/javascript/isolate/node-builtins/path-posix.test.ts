import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPathModule } from './path-posix';

const path = createPathModule();
const samples = [
  '',
  '.',
  '..',
  '/',
  '//',
  '/workspace',
  '/workspace/',
  'a/b/c',
  'a//b/../c/./d',
  '../../x',
  '/a/b/../../..',
  'file.txt',
  '.hidden',
  '..double.',
  'archive.tar.gz',
  '/dir.with.dots/file',
  'dir/',
  'a/b.c/',
  '/x/y/z.',
  'x/.',
];

describe('the sandbox path module matches Node path.posix', () => {
  it('normalize, dirname, basename, extname, parse, isAbsolute', () => {
    for (const sample of samples) {
      expect([sample, path.normalize(sample)]).toEqual([sample, posix.normalize(sample)]);
      expect([sample, path.dirname(sample)]).toEqual([sample, posix.dirname(sample)]);
      expect([sample, path.basename(sample)]).toEqual([sample, posix.basename(sample)]);
      expect([sample, path.basename(sample, '.txt')]).toEqual([
        sample,
        posix.basename(sample, '.txt'),
      ]);
      expect([sample, path.extname(sample)]).toEqual([sample, posix.extname(sample)]);
      expect([sample, path.parse(sample)]).toEqual([sample, posix.parse(sample)]);
      expect(path.format(path.parse(sample))).toBe(posix.format(posix.parse(sample)));
      expect(path.isAbsolute(sample)).toBe(posix.isAbsolute(sample));
    }
  });

  it('join, and resolve and relative from the working directory /workspace', () => {
    for (const a of samples) {
      for (const b of samples) {
        expect([a, b, path.join(a, b)]).toEqual([a, b, posix.join(a, b)]);
        expect([a, b, path.resolve(a, b)]).toEqual([a, b, posix.resolve('/workspace', a, b)]);
        expect([a, b, path.relative(a, b)]).toEqual([
          a,
          b,
          posix.relative(posix.resolve('/workspace', a), posix.resolve('/workspace', b)),
        ]);
      }
    }
    expect(path.resolve()).toBe('/workspace');
    expect(path.posix).toBe(path);
    expect([path.sep, path.delimiter]).toEqual(['/', ':']);
  });

  it('throws Node’s ERR_INVALID_ARG_TYPE for a path that is not a string', () => {
    expect(() => path.join('a', 1 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' }),
    );
  });
});
