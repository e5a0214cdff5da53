import { afterEach, describe, expect, it, vi } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the example.
import { printLive, printOutcome } from '../lib/print.mjs';

/** What the demo writes to the terminal while `write` runs. */
function written(write: () => void): string {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  write();
  vi.restoreAllMocks();
  return chunks.join('');
}

afterEach(() => vi.restoreAllMocks());

describe('the demo prints what a sandboxed program wrote without letting it act on the terminal', () => {
  it('escapes cursor movement, a title, a clipboard write and a bare carriage return', () => {
    const text = written(() => {
      printLive('real result: 13\r42\x1b[1A\x1b[2K\x1b]0;pwned\x07\x1b]52;c;aGk=\x07', 'stdout');
      printOutcome(
        {
          success: false,
          value: undefined,
          executionTime: 1,
          errorInfo: { name: 'Error\u202e', message: 'all tests passed\x1b[32m' },
        },
        2,
      );
    });
    for (const acting of ['\x1b', '\r', '\u202e']) expect(text).not.toContain(acting);
    expect(text).toContain('real result: 13\\r42\\x1b[1A');
    expect(text).toContain('Error\\u202e');
  });
});
