import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerSandboxCall } from './answer-sandbox-call';
import { RunWorkspace } from './run-workspace';
import { defaultWorkspaceLimits } from './workspace-limits';

const notYetMade = () => {
  const folder = join(tmpdir(), `answer-sandbox-call-${process.pid}-${Math.random()}`);
  return { folder, workspace: new RunWorkspace(folder, defaultWorkspaceLimits, false) };
};

describe('answerSandboxCall', () => {
  it('answers what only looks without making a stateless run’s folder, as the file system would', () => {
    const { folder, workspace } = notYetMade();
    expect(answerSandboxCall(workspace, 'readdir', ['/workspace'])).toEqual({
      ok: true,
      value: [],
    });
    expect(answerSandboxCall(workspace, 'stat', ['.'])).toMatchObject({
      ok: true,
      value: { type: 'directory' },
    });
    expect(answerSandboxCall(workspace, 'readFile', ['data.csv'])).toEqual({
      ok: false,
      error: {
        code: 'ENOENT',
        message: "ENOENT: no such file or directory, open '/workspace/data.csv'",
        syscall: 'open',
        path: '/workspace/data.csv',
      },
    });
    expect(answerSandboxCall(workspace, 'open', ['/etc/passwd', 0])).toMatchObject({
      ok: false,
      error: { code: 'EACCES' },
    });
    expect(existsSync(folder)).toBe(false);
    expect(
      answerSandboxCall(workspace, 'writeFile', ['a.txt', new Uint8Array([1]), false, false]),
    ).toEqual({
      ok: true,
      value: undefined,
    });
    expect(existsSync(join(folder, 'a.txt'))).toBe(true);
    rmSync(folder, { recursive: true, force: true });
  });

  it('gives a run without a workspace an empty read-only /workspace', () => {
    expect(answerSandboxCall(undefined, 'exists', ['/workspace'])).toEqual({
      ok: true,
      value: true,
    });
    expect(answerSandboxCall(undefined, 'mkdir', ['x', false])).toMatchObject({
      ok: false,
      error: { code: 'EROFS' },
    });
    expect(answerSandboxCall(undefined, 'readFile', ['x'])).toMatchObject({
      ok: false,
      error: { code: 'ENOENT', path: '/workspace/x' },
    });
  });
});
