import { describe, expect, it } from 'vitest';
import { installShellEnvironment } from './shell-environment';

type ShellGlobals = {
  read?: (path: string) => string;
  readbuffer?: (path: string) => ArrayBuffer;
  load?: (path: string) => unknown;
};

describe('installShellEnvironment', () => {
  it('serves bytes and text: read gives text as it was given, readbuffer gives bytes', () => {
    const global = {} as typeof globalThis & ShellGlobals;
    const files = installShellEnvironment(global);
    files.set('/pyodide/lock.json', '{"packages": {"é": 1}}');
    files.set('/pyodide/data.bin', new TextEncoder().encode('héllo').buffer as ArrayBuffer);
    expect(global.read?.('/pyodide/lock.json')).toBe('{"packages": {"é": 1}}');
    expect(global.read?.('/pyodide/data.bin')).toBe('héllo');
    const text = global.readbuffer?.('/pyodide/lock.json') as ArrayBuffer;
    expect(new TextDecoder().decode(text)).toBe('{"packages": {"é": 1}}');
    expect(new Uint8Array(global.readbuffer?.('/pyodide/data.bin') as ArrayBuffer)).toEqual(
      new TextEncoder().encode('héllo'),
    );
  });

  it('serves nothing else, loads nothing, and is gone once removed', () => {
    const global = {} as typeof globalThis & ShellGlobals;
    const files = installShellEnvironment(global);
    expect(() => global.read?.('/etc/passwd')).toThrow(/ENOENT/);
    expect(() => global.load?.('/pyodide/x.js')).toThrow(/not available/);
    files.remove();
    expect('read' in global || 'readbuffer' in global || 'load' in global).toBe(false);
  });
});
