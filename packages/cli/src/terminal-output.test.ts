import type { ExecutionResult } from '@code-interpreter/core';
import { describe, expect, it } from 'vitest';
import { type CliIo, createTerminalOutput } from './terminal-output';

/** What reached the terminal, stream by stream. */
function fakeTerminal() {
  const written = { stdout: '', stderr: '' };
  const stream = (name: 'stdout' | 'stderr') =>
    ({
      write(text: string) {
        written[name] += text;
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  const io: CliIo = { stdout: stream('stdout'), stderr: stream('stderr') };
  return { io, written };
}

function result(fields: Partial<ExecutionResult>): ExecutionResult {
  return {
    success: true,
    executionTime: 5,
    language: 'javascript',
    stdout: '',
    stderr: '',
    timedOut: false,
    truncated: false,
    images: [],
    ...fields,
  };
}

/**
 * Characters that would act on a terminal (move the cursor, set the title, write the clipboard,
 * erase or reorder text). A CR directly before an LF only ends a line.
 */
const terminalControls =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

const attack = 'real result: 13\r42\x1b[1A\x1b[2Kall tests passed\x1b]0;pwned\x07\b\u202eevil';
const attackShown =
  'real result: 13\\r42\\x1b[1A\\x1b[2Kall tests passed\\x1b]0;pwned\\x07\\b\\u202eevil';

describe('createTerminalOutput', () => {
  it('shows control characters in streamed output as escapes', () => {
    const { io, written } = fakeTerminal();
    const output = createTerminalOutput(io);
    output.onOutput({ stream: 'stdout', text: `${attack}\n` });
    output.onOutput({ stream: 'stderr', text: '\x1b]52;c;aGk=\x07\tnote\n' });
    output.onOutput({
      stream: 'stdout',
      text: '\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\n',
    });
    output.finish(result({ stdout: 'ignored', stderr: 'ignored' }));
    expect(written).toEqual({
      stdout: `${attackShown}\n\\x1b]8;;https://evil.example\\x1b\\link\\x1b]8;;\\x1b\\\n`,
      stderr: '\\x1b]52;c;aGk=\\x07\tnote\n',
    });
  });

  it('shows control characters in the output, the value, the error and image types of a result', () => {
    const { io, written } = fakeTerminal();
    createTerminalOutput(io).finish(
      result({
        success: false,
        stdout: `${attack}\n`,
        stderr: 'warn\x9b2J\n',
        value: "'\u2067value\u2069'",
        error: 'Error\x1b[31m: boom\x08 (line 2)',
        errorInfo: { name: 'Error\x1b[31m', message: 'boom\x08', line: 2 },
        images: [{ mediaType: 'image/png\x1b]0;t\x07', data: 'AAAA' }],
      }),
    );
    expect(written).toEqual({
      stdout: `${attackShown}\n'\\u2067value\\u2069'\n`,
      stderr:
        'warn\\x9b2J\nError\\x1b[31m: boom\\b (line 2)\n' +
        '[image/png\\x1b]0;t\\x07 image, 0 KB: use --json to get its data]\n',
    });
  });

  it('shows control characters in an error stack', () => {
    const { io, written } = fakeTerminal();
    createTerminalOutput(io).finish(
      result({
        success: false,
        errorInfo: {
          name: 'Error',
          message: 'bad\x1b[2K',
          stack: 'Error: bad\x1b[2K\n    at cell.js:1:7\r\x1b[1A',
        },
      }),
    );
    expect(written.stderr).toBe('Error: bad\\x1b[2K\n    at cell.js:1:7\\r\\x1b[1A\n');
  });

  it('lets nothing through that acts on the terminal, whatever the program printed', () => {
    const { io, written } = fakeTerminal();
    const output = createTerminalOutput(io);
    const everything = Array.from({ length: 0x2070 }, (_, code) => String.fromCharCode(code)).join(
      '',
    );
    output.onOutput({ stream: 'stdout', text: everything.slice(0, 0x50) });
    output.onOutput({ stream: 'stdout', text: everything.slice(0x50) });
    output.finish(result({ value: everything, errorInfo: undefined }));
    expect(written.stdout).not.toMatch(terminalControls);
  });

  it('keeps CRLF line ends, even split between chunks', () => {
    const { io, written } = fakeTerminal();
    const output = createTerminalOutput(io);
    output.onOutput({ stream: 'stdout', text: 'one\r' });
    output.onOutput({ stream: 'stdout', text: '\ntwo\r\n' });
    output.onOutput({ stream: 'stdout', text: 'three\r' });
    output.finish(result({ value: '3' }));
    expect(written.stdout).toBe('one\r\ntwo\r\nthree\\r\n3\n');
  });

  it('writes the bytes as produced with raw', () => {
    const { io, written } = fakeTerminal();
    const output = createTerminalOutput(io, { raw: true });
    output.onOutput({ stream: 'stdout', text: `${attack}\n` });
    output.onOutput({ stream: 'stdout', text: 'progress\r' });
    output.finish(
      result({
        success: false,
        value: "'\u202e'",
        errorInfo: { name: 'Error', message: 'bad\x1b[2K' },
      }),
    );
    expect(written).toEqual({
      stdout: `${attack}\nprogress\r\n'\u202e'\n`,
      stderr: 'Error: bad\x1b[2K\n',
    });
  });

  it('keeps its own notes readable after escaped output', () => {
    const { io, written } = fakeTerminal();
    const output = createTerminalOutput(io);
    output.onOutput({ stream: 'stderr', text: 'partial\x1b[2K' });
    output.finish(result({ success: false, timedOut: true, truncated: true }), { timeoutMs: 300 });
    expect(written.stderr).toBe(
      'partial\\x1b[2K\nTimed out after 300 ms: the program was stopped.\n' +
        '[output was too long: the middle was cut]\n',
    );
  });
});
