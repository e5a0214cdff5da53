import { afterEach, describe, expect, it, vi } from 'vitest';
import { stderrLogger } from './stderr-logger';

function logged(write: () => void): string {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  write();
  vi.restoreAllMocks();
  return chunks.join('');
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('stderrLogger', () => {
  it('keeps debug lines (one per MCP session) quiet unless CODE_INTERPRETER_DEBUG is set', () => {
    vi.stubEnv('CODE_INTERPRETER_DEBUG', '');
    expect(logged(() => stderrLogger('debug', 'MCP session 1 opened'))).toBe('');
    expect(logged(() => stderrLogger('warn', 'a worker exited'))).toBe(
      '[code-interpreter] warn: a worker exited\n',
    );
    vi.stubEnv('CODE_INTERPRETER_DEBUG', '1');
    expect(logged(() => stderrLogger('debug', 'MCP session 1 opened'))).toBe(
      '[code-interpreter] debug: MCP session 1 opened\n',
    );
  });

  it('escapes control characters a diagnostic may quote', () => {
    expect(logged(() => stderrLogger('error', 'worker said \x1b]0;pwned\x07'))).toBe(
      '[code-interpreter] error: worker said \\x1b]0;pwned\\x07\n',
    );
  });
});
