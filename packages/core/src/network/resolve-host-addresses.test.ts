import { describe, expect, it } from 'vitest';
import { formatIpAddress } from './ip-address';
import { HostLookupError, resolveHostAddresses } from './resolve-host-addresses';

const signal = () => new AbortController().signal;

describe('resolveHostAddresses', () => {
  it('parses the answer, mapped addresses as IPv4, and keeps at most 32', async () => {
    const addresses = await resolveHostAddresses(
      'api.test',
      async () => ['::ffff:10.0.0.1', '2001:db8::1'],
      signal(),
    );
    expect(addresses.map(formatIpAddress)).toEqual(['10.0.0.1', '2001:db8::1']);
    const many = Array.from({ length: 40 }, (_, index) => `203.0.113.${index}`);
    expect(await resolveHostAddresses('api.test', async () => many, signal())).toHaveLength(32);
  });

  it.each([
    [
      'a failing lookup',
      async () => Promise.reject(new Error('resolver at /etc/secret-resolv.conf failed')),
    ],
    ['an empty answer', async () => []],
    ['something not an address', async () => ['127.0.0.1', 'evil.test']],
    ['not a list', async () => '127.0.0.1' as unknown as string[]],
  ])('refuses %s with a message naming the host only', async (_name, lookup) => {
    const failure = resolveHostAddresses('api.test', lookup, signal());
    await expect(failure).rejects.toBeInstanceOf(HostLookupError);
    await expect(failure).rejects.toThrow(/^The host name api\.test could not be resolved\.$/);
  });

  it('stops waiting for a lookup that never answers when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = resolveHostAddresses(
      'api.test',
      () => new Promise<string[]>(() => {}),
      controller.signal,
    );
    controller.abort('timeout');
    await expect(pending).rejects.toBe('timeout');
  });
});
