import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob-pattern';

function matching(pattern: string, paths: string[]): string[] {
  const regExp = globToRegExp(pattern);
  return paths.filter((path) => regExp.test(path));
}

const paths = [
  'a.py',
  'b.txt',
  '.hidden',
  '.env.txt',
  'file1.txt',
  'file2.txt',
  'file10.txt',
  'fileA.txt',
  'src/app.ts',
  'src/app.tsx',
  'src/deep/x.py',
  'a+b(1).txt',
];

describe('globToRegExp', () => {
  it('* stays within a folder and matches dot files; ? is one character', () => {
    expect(matching('*.txt', paths)).toEqual([
      'b.txt',
      '.env.txt',
      'file1.txt',
      'file2.txt',
      'file10.txt',
      'fileA.txt',
      'a+b(1).txt',
    ]);
    expect(matching('.*', paths)).toEqual(['.hidden', '.env.txt']);
    expect(matching('file?.txt', paths)).toEqual(['file1.txt', 'file2.txt', 'fileA.txt']);
  });

  it('** crosses folders, and **/ also matches the top level', () => {
    expect(matching('**/*.py', paths)).toEqual(['a.py', 'src/deep/x.py']);
    expect(matching('src/**', paths)).toEqual(['src/app.ts', 'src/app.tsx', 'src/deep/x.py']);
  });

  it('classes, negated classes and braces', () => {
    expect(matching('file[1-2].txt', paths)).toEqual(['file1.txt', 'file2.txt']);
    expect(matching('file[!1-2].txt', paths)).toEqual(['fileA.txt']);
    expect(matching('src/*.{ts,tsx}', paths)).toEqual(['src/app.ts', 'src/app.tsx']);
  });

  it('takes regular expression characters literally', () => {
    expect(matching('a+b(1).txt', paths)).toEqual(['a+b(1).txt']);
    expect(matching('a.p?', ['a.py', 'aXpy'])).toEqual(['a.py']);
    expect(matching('[unclosed', ['[unclosed'])).toEqual(['[unclosed']);
    expect(matching('x]{y', ['x]{y'])).toEqual(['x]{y']);
  });
});
