import { describe, expect, it } from 'vitest';
import { checkSandboxTools, mergeSandboxTools } from './merge-sandbox-tools';

const tool = (result: string) => ({ inputSchema: { type: 'object' }, execute: () => result });

describe('checkSandboxTools', () => {
  it('returns the tools, or undefined when there are none', () => {
    const tools = { a: tool('a') };
    expect(checkSandboxTools(tools, 'tools')).toBe(tools);
    expect(checkSandboxTools({}, 'tools')).toBeUndefined();
    expect(checkSandboxTools(undefined, 'tools')).toBeUndefined();
  });

  it('says which tool is wrong and how', () => {
    expect(() => checkSandboxTools([tool('a')], 'tools')).toThrow(
      /tools: must be an object of tools by name/,
    );
    expect(() => checkSandboxTools({ a: { inputSchema: {} } }, 'tools')).toThrow(
      /tools\.a\.execute: must be a function/,
    );
    expect(() => checkSandboxTools({ a: { execute() {} } }, 'tools')).toThrow(
      /tools\.a\.inputSchema: must be a Standard Schema/,
    );
    expect(() => checkSandboxTools({ 'a\nb': tool('a') }, 'tools')).toThrow(
      /without control characters/,
    );
    expect(() => checkSandboxTools({ ['x'.repeat(129)]: tool('a') }, 'tools')).toThrow(
      /1 to 128 characters/,
    );
  });
});

describe('mergeSandboxTools', () => {
  it('lets a later layer replace a tool of the same name and keeps the others', () => {
    const merged = mergeSandboxTools({ a: tool('interpreter'), b: tool('b') }, undefined, {
      a: tool('run'),
    });
    expect(Object.keys(merged ?? {})).toEqual(['a', 'b']);
    expect(merged?.a?.execute({}, { signal: new AbortController().signal, toolCallId: '1' })).toBe(
      'run',
    );
    expect(mergeSandboxTools(undefined, undefined)).toBeUndefined();
  });
});
