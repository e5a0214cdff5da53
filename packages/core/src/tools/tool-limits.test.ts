import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/invalid-input-error';
import { defaultToolLimits, resolveToolLimits } from './tool-limits';

describe('resolveToolLimits', () => {
  it('applies the defaults and keeps what is given', () => {
    expect(resolveToolLimits(undefined)).toEqual(defaultToolLimits);
    expect(resolveToolLimits({ maxCalls: 5 })).toEqual({ ...defaultToolLimits, maxCalls: 5 });
  });

  it('refuses limits out of range and unknown keys, naming them', () => {
    expect(() => resolveToolLimits({ maxConcurrent: 0 })).toThrow(
      /toolLimits\.maxConcurrent: must be an integer from 1/,
    );
    expect(() => resolveToolLimits({ maxCalls: 1.5 })).toThrow(InvalidInputError);
    expect(() => resolveToolLimits({ maxCall: 3 } as never)).toThrow(
      /toolLimits\.maxCall: is not an option/,
    );
  });
});
