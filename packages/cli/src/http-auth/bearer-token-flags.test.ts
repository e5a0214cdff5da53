import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBearerTokens } from './bearer-token-flags';

const folder = mkdtempSync(join(tmpdir(), 'cli-tokens-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
};
const a = 'aaaaaaaaaaaaaaaa-1';
const b = 'bbbbbbbbbbbbbbbb-2';
const c = 'cccccccccccccccc-3';

describe('readBearerTokens', () => {
  it('reads nothing without the flags', () => {
    expect(readBearerTokens({}, {})).toBeUndefined();
  });

  it('reads a file, one token a line, skipping blank lines and # comments', () => {
    const path = file('tokens', `# the CI bot\n${a}\n\n  ${b}  \r\n# old: ${c}\n`);
    expect(readBearerTokens({ tokensFile: path }, {})).toEqual([a, b]);
  });

  it('reads comma-separated tokens from a variable, together with a file', () => {
    const path = file('one', `${a}\n`);
    expect(
      readBearerTokens(
        { tokensFile: path, tokenEnv: 'MCP_TOKENS' },
        { MCP_TOKENS: ` ${b}, ${c},` },
      ),
    ).toEqual([a, b, c]);
  });

  it('refuses what cannot work, naming where and never the token', () => {
    expect(() => readBearerTokens({ tokensFile: join(folder, 'nope') }, {})).toThrow(
      /^--tokens-file .*nope cannot be read \(ENOENT\)\.$/,
    );
    expect(() => readBearerTokens({ tokensFile: file('empty', '# none\n\n') }, {})).toThrow(
      /holds no token: write one per line/,
    );
    expect(() => readBearerTokens({ tokenEnv: 'UNSET' }, {})).toThrow(
      '--token-env UNSET: the environment variable UNSET is not set or empty.',
    );
    const short = 'short-secret';
    expect(() => readBearerTokens({ tokensFile: file('short', `${a}\n${short}\n`) }, {})).toThrow(
      /line 2: a token must be at least 16 characters/,
    );
    let message = '';
    try {
      readBearerTokens({ tokenEnv: 'T' }, { T: `${a},${short}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^--token-env T, token 2: a token must be at least 16 characters/);
    expect(message).not.toContain(short);
  });
});
