import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error';
import { checkKnownOptions, closestName } from './check-known-options';
import { knownInterpreterOptions } from './known-options';

function refusal(options: object, path?: string): InvalidInputError {
  try {
    checkKnownOptions(options, knownInterpreterOptions, path);
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the options to be refused');
}

describe('checkKnownOptions', () => {
  it('refuses a misspelt option and names the one that was meant', () => {
    const error = refusal({ maxTimeout: 1000, workers: 2 });
    expect(error.issues).toEqual([
      { path: 'maxTimeout', message: "unknown option; did you mean 'maxTimeoutMs'?" },
    ]);
    expect(error.message).toContain("maxTimeout: unknown option; did you mean 'maxTimeoutMs'?");
  });

  it('lists the options when nothing is close', () => {
    expect(refusal({ dockerImage: 'python:3.12' }).message).toMatch(
      /dockerImage: unknown option; the options are languages, python, /,
    );
  });

  it('accepts every known option and no options at all', () => {
    expect(() =>
      checkKnownOptions({ ...knownInterpreterOptions }, knownInterpreterOptions),
    ).not.toThrow();
    expect(() => checkKnownOptions(undefined, knownInterpreterOptions)).not.toThrow();
  });

  it('suggests only close names', () => {
    expect(closestName('sesionsPerWorker', Object.keys(knownInterpreterOptions))).toBe(
      'sessionsPerWorker',
    );
    expect(closestName('zzz', Object.keys(knownInterpreterOptions))).toBeUndefined();
  });
});
