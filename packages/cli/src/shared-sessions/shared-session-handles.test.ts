import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeInterpreterSession } from '@code-interpreter/core';
import { InvalidInputError } from '@code-interpreter/core';
import type { RemoteCodeInterpreter } from '@code-interpreter/remote';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArguments } from '../parse-cli-arguments';
import { UsageError } from '../usage-error';
import { readSessionKeyFile, sharedSessionHandles } from './shared-session-handles';

const folder = mkdtempSync(join(tmpdir(), 'session-key-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
};
const key = 'k'.repeat(48);

describe('--session-key-file', () => {
  it('is parsed for mcp --http --nats only', () => {
    const base = ['mcp', '--http', '--nats', 'nats://n:4222'];
    expect(parseCliArguments([...base, '--session-key-file', '/s/key'])).toMatchObject({
      sessionKeyFile: '/s/key',
    });
    expect(() => parseCliArguments(['mcp', '--http', '--session-key-file', '/s/key'])).toThrow(
      /--session-key-file needs --nats/,
    );
    expect(() =>
      parseCliArguments(['mcp', '--nats', 'nats://n:4222', '--session-key-file', '/s/key']),
    ).toThrow(/--session-key-file needs --http/);
    expect(() => parseCliArguments(['run', 'x.py', '--session-key-file', '/s/key'])).toThrow(
      UsageError,
    );
  });

  it('reads one line of 32 bytes or more and never shows the key in an error', () => {
    expect(readSessionKeyFile(file('good', `${key}\n`))).toBe(key);
    const short = 'secret-but-short';
    const error = (() => {
      try {
        readSessionKeyFile(file('short', `${short}\n`));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error?.message).not.toContain(short);
    expect(() => readSessionKeyFile(file('two-lines', `${key}\n${key}\n`))).toThrow(UsageError);
    expect(() => readSessionKeyFile(join(folder, 'missing'))).toThrow(/cannot be read \(ENOENT\)/);
  });
});

describe('sharedSessionHandles', () => {
  const session = { id: 's1' } as unknown as CodeInterpreterSession;
  const remote = {
    sessionReference: async (s: CodeInterpreterSession) => `cir1.H.${s.id}`,
    attachSession: (reference: string) => {
      if (!reference.startsWith('cir1.')) throw new InvalidInputError({ issues: [] });
      return { id: reference.split('.')[2] };
    },
  } as unknown as RemoteCodeInterpreter;

  it("names sessions by the remote client's reference and attaches by it", async () => {
    const shared = sharedSessionHandles(remote, key);
    expect(shared.signingKey).toBe(key);
    expect(await shared.referenceOf(session)).toBe('cir1.H.s1');
    expect((await shared.attach('cir1.H.s1'))?.id).toBe('s1');
  });

  it('answers a reference that is not one as ended, and passes other errors on', async () => {
    expect(await sharedSessionHandles(remote, key).attach('old-format')).toBeUndefined();
    const failing = {
      attachSession: () => {
        throw new TypeError('closed');
      },
    } as unknown as RemoteCodeInterpreter;
    await expect(sharedSessionHandles(failing, key).attach('cir1.H.s1')).rejects.toThrow('closed');
  });
});
