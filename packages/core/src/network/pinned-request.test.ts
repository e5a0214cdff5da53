import { describe, expect, it } from 'vitest';
import { parseIpAddress } from './ip-address';
import { pinnedLookup } from './pinned-request';

const addresses = ['127.0.0.1', '::1'].map(
  (text) =>
    parseIpAddress(text) ??
    (() => {
      throw new Error(text);
    })(),
);
const call = (options: { all?: boolean }, name = 'anything.test') =>
  new Promise<unknown[]>((resolve) => {
    (
      pinnedLookup(addresses) as unknown as (
        h: string,
        o: object,
        cb: (...args: unknown[]) => void,
      ) => void
    )(name, options, (...args) => resolve(args));
  });

describe('pinnedLookup', () => {
  it('answers the vetted addresses whatever name it is asked for', async () => {
    expect(await call({ all: true })).toEqual([
      null,
      [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ],
    ]);
    expect(await call({}, 'evil.test')).toEqual([null, '127.0.0.1', 4]);
  });
});
