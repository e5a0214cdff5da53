import { describe, expect, it } from 'vitest';
import type { CodeInterpreterCapabilities } from '../interpreter/code-interpreter';
import { describeCodeInterpreter } from './describe-code-interpreter';

const capabilities: CodeInterpreterCapabilities = {
  languages: ['javascript', 'typescript', 'python'],
  pythonRuntime: 'pyodide',
  maxTimeoutMs: 10_000,
  defaultTimeoutMs: 5_000,
  maxMemoryLimitMb: 256,
  defaultMemoryLimitMb: 128,
  maxOutputChars: 100_000,
  images: false,
};

describe('describeCodeInterpreter', () => {
  it('tells the model its languages, rules and limits', () => {
    const text = describeCodeInterpreter(capabilities);
    expect(text).toContain('- javascript:');
    expect(text).toContain('- typescript:');
    expect(text).toContain('standard library only');
    expect(text).toContain('no network');
    expect(text).toContain('at most 10000 ms');
    expect(text).toContain('at most 256 MB');
    expect(text).toContain('nothing persists between calls');
    expect(text).not.toContain('PNG');
  });

  it('offers only the languages asked for, within those the interpreter has', () => {
    const text = describeCodeInterpreter(
      { ...capabilities, languages: ['javascript', 'python'] },
      { languages: ['python', 'typescript'] },
    );
    expect(text).toContain('- python:');
    expect(text).not.toContain('- javascript:');
    expect(text).not.toContain('- typescript:');
  });

  it('mentions native packages, images and persistent state when they are on', () => {
    const text = describeCodeInterpreter(
      { ...capabilities, pythonRuntime: 'native', images: true },
      { session: true },
    );
    expect(text).toContain('numpy, pandas, matplotlib');
    expect(text).toContain('PNG images');
    expect(text).toContain('persist from one call to the next');
  });
});
