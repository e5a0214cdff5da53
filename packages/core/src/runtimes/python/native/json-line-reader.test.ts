import { describe, expect, it } from 'vitest';
import { JsonLineReader } from './json-line-reader';

function collect(maxLineBytes: number) {
  const messages: unknown[] = [];
  const errors: string[] = [];
  const reader = new JsonLineReader(
    maxLineBytes,
    (message) => messages.push(message),
    (reason) => errors.push(reason),
  );
  return { reader, messages, errors };
}

describe('JsonLineReader', () => {
  it('parses messages split across chunks and several messages in one chunk', () => {
    const { reader, messages, errors } = collect(1024);
    reader.push(Buffer.from('{"a":1}\n{"b":'));
    reader.push(Buffer.from('2}\n{"c":"é'));
    reader.push(Buffer.from('"}\n'));
    expect(messages).toEqual([{ a: 1 }, { b: 2 }, { c: 'é' }]);
    expect(errors).toEqual([]);
  });

  it('joins a multi-byte character split between chunks', () => {
    const { reader, messages } = collect(1024);
    const bytes = Buffer.from('{"t":"€"}\n');
    reader.push(bytes.subarray(0, 7));
    reader.push(bytes.subarray(7));
    expect(messages).toEqual([{ t: '€' }]);
  });

  it('refuses a line longer than the limit, even without a newline, and stops reading', () => {
    const { reader, messages, errors } = collect(16);
    reader.push(Buffer.from('x'.repeat(10)));
    reader.push(Buffer.from('x'.repeat(10)));
    reader.push(Buffer.from('{"late":1}\n'));
    expect(errors).toEqual(['a message from the sandbox exceeded 16 bytes']);
    expect(messages).toEqual([]);
  });

  it('reports invalid JSON', () => {
    const { reader, errors } = collect(1024);
    reader.push(Buffer.from('not json\n'));
    expect(errors).toEqual(['a message from the sandbox was not valid JSON']);
  });
});
