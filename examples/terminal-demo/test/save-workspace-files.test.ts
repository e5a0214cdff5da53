import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the example.
import { saveWorkspaceFiles } from '../lib/save-workspace-files.mjs';

const parent = mkdtempSync(join(tmpdir(), 'demo-save-'));
afterEach(() => rmSync(parent, { recursive: true, force: true }));

/** A stand-in for `session.files` holding the given files (path → text). */
function fakeFiles(contents: Record<string, string>) {
  return {
    async stat(path: string) {
      if (!(path in contents)) throw new Error(`ENOENT ${path}`);
      return { path, type: 'file', size: contents[path]?.length ?? 0 };
    },
    async read(path: string) {
      return new TextEncoder().encode(contents[path]);
    },
  };
}

describe('saving the files the programs wrote', () => {
  it('never writes outside the output folder, whatever path a program chose', async () => {
    const folder = join(parent, 'files');
    const files = fakeFiles({
      '/workspace/../escaped.txt': 'outside',
      '/workspace/../../tmp/escaped.txt': 'outside',
      '/etc/passwd': 'not a workspace path',
      '/workspace/out/report.csv': 'a,b\n1,2\n',
    });
    const saved = await saveWorkspaceFiles(
      files,
      [
        '/workspace/../escaped.txt',
        '/workspace/../../tmp/escaped.txt',
        '/etc/passwd',
        '/workspace/out/report.csv',
        '/workspace/gone.txt',
      ],
      folder,
    );
    expect(saved).toEqual([
      { path: '/workspace/out/report.csv', savedTo: join(folder, 'out', 'report.csv') },
    ]);
    expect(readdirSync(parent)).toEqual(['files']);
    expect(existsSync(join(parent, 'escaped.txt'))).toBe(false);
    expect(readFileSync(join(folder, 'out', 'report.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('saves at most maxFiles files, and none over maxBytes', async () => {
    const folder = join(parent, 'capped');
    const contents = Object.fromEntries(
      Array.from({ length: 5 }, (_, index) => [`/workspace/f${index}.txt`, 'x'.repeat(index * 10)]),
    );
    const paths = Object.keys(contents);
    const bySize = await saveWorkspaceFiles(fakeFiles(contents), paths, folder, { maxBytes: 15 });
    expect(bySize.map((file: { path: string }) => file.path)).toEqual([
      '/workspace/f0.txt',
      '/workspace/f1.txt',
    ]);
    const byCount = await saveWorkspaceFiles(fakeFiles(contents), paths, folder, { maxFiles: 3 });
    expect(byCount).toHaveLength(3);
  });
});
