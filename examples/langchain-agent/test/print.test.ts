import { afterEach, describe, expect, it, vi } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the example.
import {
  flushLiveOutput,
  printLiveOutput,
  printModelText,
  printToolResult,
} from '../lib/print.mjs';

/** What the example writes to the terminal while `write` runs. */
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

describe('the LangChain example prints what a model or a program wrote without letting it act on the terminal', () => {
  it('escapes cursor movement, a title, a bare carriage return and bidi overrides', () => {
    const text = written(() => {
      printModelText('I will compute it.\x1b]0;pwned\x07');
      printLiveOutput({ stream: 'stdout', text: 'real result: 13\r42\x1b[1A\n' });
      printToolResult({
        success: false,
        executionTime: 1,
        images: [],
        value: undefined,
        errorInfo: { name: 'Error\u202e', message: 'all tests passed\x1b[32m', line: 1 },
      });
    });
    for (const acting of ['\x1b', '\r', '\u202e']) expect(text).not.toContain(acting);
    expect(text).toContain('real result: 13\\r42\\x1b[1A');
  });

  it('prints a line that arrives in pieces once, with no empty line after it', () => {
    const text = written(() => {
      printLiveOutput({ stream: 'stdout', text: '[0, 1, 1, 2]' });
      printLiveOutput({ stream: 'stdout', text: '\n' });
      printLiveOutput({ stream: 'stdout', text: 'no newline at the end' });
      flushLiveOutput();
    });
    expect(text).toBe('  ┃ [0, 1, 1, 2]\n  ┃ no newline at the end\n');
  });
});
