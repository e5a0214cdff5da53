import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toolErrorMessage } from './tool-error-message';

describe('toolErrorMessage', () => {
  it("keeps a tool's own message", () => {
    expect(toolErrorMessage(new Error('unknown product A-17'))).toBe('unknown product A-17');
  });

  it('says only the code of a Node.js system error (its message names host paths)', () => {
    let error: unknown;
    try {
      readFileSync('/no/such/folder/key.pem');
    } catch (thrown) {
      error = thrown;
    }
    expect(toolErrorMessage(error)).toBe('the tool failed with a system error (ENOENT)');
  });

  it('replaces host paths, POSIX and Windows, and keeps URLs', () => {
    expect(
      toolErrorMessage(
        new Error(
          'read /home/app/.env and C:\\Users\\app\\key.txt, see https://example.org/docs/a',
        ),
      ),
    ).toBe('read <path> and <path>, see https://example.org/docs/a');
    expect(toolErrorMessage('at file:///srv/app/dist/index.js:10')).toBe('at <path>:10');
  });

  it('keeps a single-segment slash and relative paths', () => {
    expect(toolErrorMessage(new Error('use a/b or /tmp'))).toBe('use a/b or /tmp');
  });

  it('cuts long messages and gives a default for anything without one', () => {
    expect(toolErrorMessage(new Error('x'.repeat(5000)))).toHaveLength(2001);
    expect(toolErrorMessage({ message: 'not an Error' })).toBe('the tool failed');
    expect(toolErrorMessage(new Error(''))).toBe('the tool failed');
    const hostile = new Error('boom');
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error('getter');
      },
    });
    expect(toolErrorMessage(hostile)).toBe('the tool failed');
  });
});
