import { describe, expect, it } from 'vitest';
import { createControlCharacterEscaper } from './control-character-escaper';

const escapeChunks = (chunks: string[]) => {
  const escaper = createControlCharacterEscaper();
  return chunks.map((chunk) => escaper.escape(chunk)).join('') + escaper.flush();
};

describe('createControlCharacterEscaper', () => {
  it('escapes escape sequences split across chunks', () => {
    expect(escapeChunks(['13\x1b', '[1A\x1b[2', 'K42\n'])).toBe('13\\x1b[1A\\x1b[2K42\n');
  });

  it('keeps a CRLF line end split across chunks', () => {
    expect(escapeChunks(['one\r', '\ntwo\r\n'])).toBe('one\r\ntwo\r\n');
  });

  it('shows a CR that no LF follows, in the next chunk or at the end', () => {
    expect(escapeChunks(['real result: 13\r', '42\r'])).toBe('real result: 13\\r42\\r');
  });

  it('writes the text before a trailing CR at once', () => {
    const escaper = createControlCharacterEscaper();
    expect(escaper.escape('50%\r')).toBe('50%');
    expect(escaper.escape('')).toBe('');
    expect(escaper.escape('60%\r')).toBe('\\r60%');
    expect(escaper.flush()).toBe('\\r');
    expect(escaper.flush()).toBe('');
  });
});
