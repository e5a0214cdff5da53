import { describe, expect, it } from 'vitest';
import { resultCaps } from '../../../../result/result-caps';
import { driverResultMaxChars } from '../../driver-result-max-chars';
import { capDriverResult } from './cap-driver-result';

const maxOutputChars = 1_000;
const plain = {
  stdout: 'out\n',
  stderr: '',
  value: "'v'",
  error: null,
  images: [],
  truncated: false,
};

describe('capDriverResult', () => {
  it('passes a result within its caps through unchanged', () => {
    const json = JSON.stringify(plain);
    expect(JSON.parse(capDriverResult(json, maxOutputChars))).toEqual(plain);
  });

  it('cuts every field of a forged result to its cap and flags it as truncated', () => {
    const forged = {
      stdout: 'o'.repeat(50_000),
      stderr: 'e'.repeat(50_000),
      value: 'v'.repeat(50_000),
      error: {
        name: 'N'.repeat(50_000),
        message: 'm'.repeat(50_000),
        line: 3,
        column: 7,
        stack: 's'.repeat(50_000),
        extra: 'x'.repeat(50_000),
      },
      images: [],
      truncated: false,
      extra: 'x'.repeat(50_000),
    };
    const capped = JSON.parse(capDriverResult(JSON.stringify(forged), maxOutputChars));
    expect(capped.truncated).toBe(true);
    expect(capped.stdout).toMatch(/^o{500}\n\.\.\. \[49000 characters omitted\] \.\.\.\no{500}$/);
    expect(capped.value.length).toBeLessThan(maxOutputChars + 100);
    expect(capped.error.name.length).toBeLessThan(resultCaps.errorNameChars + 100);
    expect(capped.error.message.length).toBeLessThan(resultCaps.errorMessageChars + 100);
    expect(capped.error.stack.length).toBeLessThan(resultCaps.errorStackChars + 100);
    expect(capped.error).toMatchObject({ line: 3, column: 7 });
    expect(capped.error.extra).toBeUndefined();
    expect(capped.extra).toBeUndefined();
  });

  it('keeps the driver own cut (its note) without cutting again', () => {
    const cut = `${'x'.repeat(500)}\n… [5000 characters of stdout cut] …\n${'x'.repeat(500)}`;
    const capped = JSON.parse(
      capDriverResult(JSON.stringify({ ...plain, stdout: cut }), maxOutputChars),
    );
    expect(capped.stdout).toBe(cut);
    expect(capped.truncated).toBe(false);
  });

  it('keeps at most resultCaps.images images and drops malformed ones', () => {
    const images = [
      { mediaType: 'image/png', data: 'AAAA' },
      { mediaType: 7, data: 'AAAA' },
      ...Array.from({ length: 30 }, () => ({ mediaType: 'image/png', data: 'AAAA' })),
    ];
    const capped = JSON.parse(
      capDriverResult(JSON.stringify({ ...plain, images }), maxOutputChars),
    );
    expect(capped.images).toHaveLength(resultCaps.images);
    expect(capped.truncated).toBe(true);
  });

  it('refuses JSON longer than any capped result could be', () => {
    const tooLong = JSON.stringify({
      ...plain,
      stdout: 'x'.repeat(driverResultMaxChars(maxOutputChars)),
    });
    expect(() => capDriverResult(tooLong, maxOutputChars)).toThrow(RangeError);
  });
});
