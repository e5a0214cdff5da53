import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreDistFile } from '../../../package-files';

/** The built files an entry loads: itself and every chunk it imports, transitively. */
function loadedFiles(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    for (const match of text.matchAll(
      /^(?:import\s[^;]*?from\s+|import\s+)"(\.\/[^"]+\.js)";/gms,
    )) {
      visit(join(dirname(file), match[1] as string));
    }
  };
  visit(coreDistFile(entry));
  return files;
}

const sucraseMarker = '/node_modules/sucrase/';

describe('the worker bundle', () => {
  it('loads no TypeScript stripper in the worker process: only its transform threads do', () => {
    // Loading sucrase cost each worker process about 24 ms of CPU at its start (issue 17); the
    // worker parses short JavaScript cells with acorn alone (transform-javascript.ts).
    const worker = [...loadedFiles('sandbox-worker.js').values()];
    expect(worker.some((text) => text.includes(sucraseMarker))).toBe(false);
    const thread = [...loadedFiles('source-transform-thread.js').values()];
    expect(thread.some((text) => text.includes(sucraseMarker))).toBe(true);
  });
});
