import { describe, expect, it } from 'vitest';
import { resultCaps } from '../../../result/result-caps';
import { CappedStreamText } from './capped-stream-text';
import { readDriverResult, stoppedOutcome } from './native-python-outcome';

const valid = {
  stdout: 'out\n',
  stderr: '',
  value: '42',
  error: null,
  images: [],
  truncated: false,
  memoryUsedMb: 20.5,
};

describe('readDriverResult', () => {
  it('converts a driver result', () => {
    expect(readDriverResult(valid, 1000)).toEqual({
      stdout: 'out\n',
      stderr: '',
      value: '42',
      timedOut: false,
      truncated: false,
      images: [],
      memoryUsedMb: 20.5,
      reusable: true,
    });
  });

  it('rejects malformed results from a sandbox that may be forging them', () => {
    expect(readDriverResult(null, 1000)).toBeUndefined();
    expect(readDriverResult({ ...valid, stdout: 5 }, 1000)).toBeUndefined();
    expect(readDriverResult({ ...valid, error: { name: 1 } }, 1000)).toBeUndefined();
    expect(
      readDriverResult({ ...valid, images: [{ mediaType: 'text/html', data: 'x' }] }, 1000),
    ).toBeUndefined();
    expect(
      readDriverResult({ ...valid, images: [{ mediaType: 'image/png', data: '<script>' }] }, 1000),
    ).toBeUndefined();
  });

  it('caps oversized fields again on the host', () => {
    const outcome = readDriverResult({ ...valid, stdout: 'x'.repeat(10_000) }, 100);
    expect(outcome?.stdout.length).toBeLessThan(400);
    expect(outcome?.truncated).toBe(true);
  });

  it("cuts an error's fields to resultCaps and says so", () => {
    const error = {
      name: 'N'.repeat(50_000),
      message: 'm'.repeat(50_000),
      line: 1,
      stack: 's'.repeat(50_000),
    };
    const outcome = readDriverResult({ ...valid, error }, 100_000);
    expect(outcome?.error?.name.length).toBeLessThan(resultCaps.errorNameChars + 300);
    expect(outcome?.error?.message.length).toBeLessThan(resultCaps.errorMessageChars + 300);
    expect(outcome?.error?.stack?.length).toBeLessThan(resultCaps.errorStackChars + 300);
    expect(outcome?.truncated).toBe(true);
  });

  it('keeps line, column and stack of an error', () => {
    const error = {
      name: 'SyntaxError',
      message: 'invalid syntax',
      line: 2,
      column: 5,
      stack: '  File "<cell>", line 2',
    };
    expect(readDriverResult({ ...valid, error }, 1000)?.error).toEqual(error);
  });
});

describe('stoppedOutcome', () => {
  const output = () => ({
    stdout: new CappedStreamText(5, 'stdout'),
    stderr: new CappedStreamText(5, 'stderr'),
  });

  it('reports a timeout, says a session lost its state, and marks a full stream as truncated', () => {
    const streams = output();
    streams.stdout.add('12345');
    const outcome = stoppedOutcome(
      'timeout',
      { timeoutMs: 1000, memoryLimitMb: 64, maxTmpFiles: 10, maxTmpMb: 80, stateful: true },
      streams,
    );
    expect(outcome).toMatchObject({
      stdout: '12345',
      timedOut: true,
      truncated: true,
      reusable: false,
    });
    expect(outcome.error?.name).toBe('TimeoutError');
    expect(outcome.error?.message).toContain('state (variables, functions, imports) is lost');
  });

  it('names the signal that killed the process, and treats SIGXCPU as a timeout', () => {
    const context = {
      timeoutMs: 1000,
      memoryLimitMb: 64,
      maxTmpFiles: 10,
      maxTmpMb: 80,
      stateful: false,
    };
    const crashed = stoppedOutcome(
      'crashed',
      { ...context, exit: { code: 139, signal: null } },
      output(),
    );
    expect(crashed.error?.message).toContain('was killed by SIGSEGV');
    const cpu = stoppedOutcome(
      'crashed',
      { ...context, exit: { code: 152, signal: null } },
      output(),
    );
    expect(cpu).toMatchObject({ timedOut: true, error: { name: 'TimeoutError' } });
  });
});
