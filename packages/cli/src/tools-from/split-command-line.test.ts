import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error';
import { splitCommandLine } from './split-command-line';

describe('splitCommandLine', () => {
  it.each([
    ['node server.mjs', ['node', 'server.mjs']],
    ['  npx   -y  @scope/server  ', ['npx', '-y', '@scope/server']],
    [`node "my server.mjs" --name='a b'`, ['node', 'my server.mjs', '--name=a b']],
    [`echo "say \\"hi\\" \\\\ \\n"`, ['echo', 'say "hi" \\ \\n']],
    [`echo 'no \\escapes "here"'`, ['echo', 'no \\escapes "here"']],
    ['a\\ b c', ['a b', 'c']],
    [`a "" ''`, ['a', '', '']],
    ['server $HOME *.txt | tee', ['server', '$HOME', '*.txt', '|', 'tee']],
  ])('splits %s as a shell would, without expanding anything', (line, words) => {
    expect(splitCommandLine(line)).toEqual(words);
  });

  it('refuses an unclosed quote and an empty line, naming the flag', () => {
    expect(() => splitCommandLine(`node "server.mjs`)).toThrow(
      new UsageError(`--tools-from 'node "server.mjs': a double quote is not closed.`),
    );
    expect(() => splitCommandLine('   ')).toThrow(
      /--tools-from needs the command line of an MCP server/,
    );
  });
});
