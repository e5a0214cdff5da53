import { describe, expect, it } from 'vitest';
import { EntryCollector } from './entry-collector';

function feed(collector: EntryCollector, lines: string[]) {
  return lines.map((line) => collector.push(line));
}

describe('EntryCollector', () => {
  it('hands on a complete JavaScript line at once', () => {
    expect(feed(new EntryCollector('javascript'), ['const a = 1'])).toEqual(['const a = 1']);
  });

  it('waits for brackets to close, ignoring brackets in strings and comments', () => {
    const collector = new EntryCollector('javascript');
    expect(
      feed(collector, ['function f(x) {', "  const s = '}'; // }", '  return x', '}']),
    ).toEqual([
      undefined,
      undefined,
      undefined,
      "function f(x) {\n  const s = '}'; // }\n  return x\n}",
    ]);
  });

  it('waits for a template literal to end', () => {
    const collector = new EntryCollector('typescript');
    expect(feed(collector, ['const t = `a', 'b`'])).toEqual([undefined, 'const t = `a\nb`']);
  });

  it('ends a Python block with an empty line, as Python does', () => {
    const collector = new EntryCollector('python');
    expect(feed(collector, ['for i in range(2):', '    print(i)', ''])).toEqual([
      undefined,
      undefined,
      'for i in range(2):\n    print(i)',
    ]);
    expect(collector.pending).toBe(false);
  });

  it('does not take a colon in a dict or a slice for a block', () => {
    const collector = new EntryCollector('python');
    expect(feed(collector, ["d = {'a': 1}", 'xs[1:]'])).toEqual(["d = {'a': 1}", 'xs[1:]']);
  });

  it('waits for a triple-quoted string to end', () => {
    const collector = new EntryCollector('python');
    expect(feed(collector, ['s = """one', 'two"""'])).toEqual([undefined, 's = """one\ntwo"""']);
  });

  it('skips empty lines between entries and flushes what is left at the end', () => {
    const collector = new EntryCollector('python');
    expect(feed(collector, ['', 'def f():', '    return 1'])).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(collector.flush()).toBe('def f():\n    return 1');
    expect(collector.flush()).toBeUndefined();
  });
});
