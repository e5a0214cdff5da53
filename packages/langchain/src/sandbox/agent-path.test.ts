import { describe, expect, it } from 'vitest';
import { resolveAgentPath } from './agent-path';

describe('resolveAgentPath', () => {
  it('uses /workspace paths as given, without empty or . segments', () => {
    expect(resolveAgentPath('/workspace')).toEqual({ ok: true, path: '/workspace' });
    expect(resolveAgentPath('/workspace/')).toEqual({ ok: true, path: '/workspace' });
    expect(resolveAgentPath('/workspace//src/./app.py')).toEqual({
      ok: true,
      path: '/workspace/src/app.py',
    });
  });

  it('reads any other absolute path as relative to the workspace, / included', () => {
    expect(resolveAgentPath('/')).toEqual({ ok: true, path: '/workspace' });
    expect(resolveAgentPath('/notes.md')).toEqual({ ok: true, path: '/workspace/notes.md' });
    expect(resolveAgentPath('/etc/passwd')).toEqual({ ok: true, path: '/workspace/etc/passwd' });
    expect(resolveAgentPath('/large_tool_results/call_1.txt')).toEqual({
      ok: true,
      path: '/workspace/large_tool_results/call_1.txt',
    });
    // Only a leading segment named exactly "workspace" is the mount.
    expect(resolveAgentPath('/workspaces/x')).toEqual({
      ok: true,
      path: '/workspace/workspaces/x',
    });
  });

  it('reads a relative path from /workspace, as execute does', () => {
    expect(resolveAgentPath('data.csv')).toEqual({ ok: true, path: '/workspace/data.csv' });
    expect(resolveAgentPath('./src//a.ts')).toEqual({ ok: true, path: '/workspace/src/a.ts' });
    expect(resolveAgentPath('workspace/x')).toEqual({ ok: true, path: '/workspace/workspace/x' });
  });

  it('refuses .., NUL bytes and empty paths with invalid_path', () => {
    for (const path of [
      '..',
      '../etc/passwd',
      '/workspace/../etc/passwd',
      '/workspace/a/../../../etc',
      'a/..',
      '',
      '   ',
      'a\u0000b',
    ]) {
      expect(resolveAgentPath(path)).toMatchObject({ ok: false, error: 'invalid_path' });
    }
    expect(resolveAgentPath(undefined)).toMatchObject({ ok: false, error: 'invalid_path' });
  });
});
