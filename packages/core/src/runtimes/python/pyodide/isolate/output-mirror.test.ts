import { describe, expect, it } from 'vitest';
import { createOutputMirror } from './output-mirror';

describe('createOutputMirror', () => {
  it('keeps each stream up to the limit and returns what it kept', () => {
    const mirror = createOutputMirror(5);
    expect(mirror.add('stdout', 'abc')).toBe('abc');
    expect(mirror.add('stdout', 'defgh')).toBe('de');
    expect(mirror.add('stdout', 'more')).toBe('');
    expect(mirror.add('stderr', 'err')).toBe('err');
    expect(mirror.truncated).toBe(true);
    expect(mirror.text('stdout')).toBe('abcde\n… [the rest of stdout was cut] …\n');
    expect(mirror.text('stderr')).toBe('err');
  });

  it('is not truncated while everything fits', () => {
    const mirror = createOutputMirror(10);
    mirror.add('stdout', 'hello');
    expect(mirror.truncated).toBe(false);
    expect(mirror.text('stdout')).toBe('hello');
  });
});
