import { describe, expect, it, vi } from 'vitest';
import { settleWithin } from './settle-within';

describe('settleWithin', () => {
  it('returns the value of a promise that settles in time', async () => {
    const onExpire = vi.fn();
    expect(await settleWithin(Promise.resolve(7), 1_000, 'late', onExpire)).toBe(7);
    expect(onExpire).not.toHaveBeenCalled();
  });

  it('gives up on a promise that never settles', async () => {
    const onExpire = vi.fn();
    expect(await settleWithin(new Promise(() => {}), 20, 'late', onExpire)).toBe('late');
    expect(onExpire).toHaveBeenCalledOnce();
  });

  it('passes rejections through', async () => {
    await expect(settleWithin(Promise.reject(new Error('no')), 1_000, 'late')).rejects.toThrow(
      'no',
    );
  });
});
