import { describe, expect, it } from 'vitest';
import { parseIfJson } from './parse-if-json';

describe('parseIfJson', () => {
  it('parses text that is JSON and keeps any other text', () => {
    expect(parseIfJson(' {"a": [1, 2]} ')).toEqual({ a: [1, 2] });
    expect(parseIfJson('42')).toBe(42);
    expect(parseIfJson('null')).toBeNull();
    expect(parseIfJson('sold out')).toBe('sold out');
    expect(parseIfJson('{not json')).toBe('{not json');
    expect(parseIfJson('2024-01-01 is a date')).toBe('2024-01-01 is a date');
  });
});
