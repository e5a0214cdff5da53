import { describe, expect, it } from 'vitest';
import { prepareSandboxRequest } from './prepare-sandbox-request';
import type { SandboxHttpRequest } from './sandbox-http';

const prepare = (request: Partial<SandboxHttpRequest>, maxRequestBytes = 10) =>
  prepareSandboxRequest(
    { method: 'GET', url: 'https://api.test/', headers: [], ...request },
    { maxRequestBytes },
  );

describe('prepareSandboxRequest', () => {
  it('normalizes the standard methods, drops the fragment and decodes the body', () => {
    const prepared = prepare({
      method: 'post',
      url: 'https://api.test/a?b=1#frag',
      body: Buffer.from('hi').toString('base64'),
    });
    expect(prepared).toMatchObject({ ok: true, method: 'POST', redirect: 'follow' });
    if (!prepared.ok) throw new Error('unreachable');
    expect(prepared.url.href).toBe('https://api.test/a?b=1');
    expect(prepared.body?.toString()).toBe('hi');
    expect(prepare({ method: 'patch' })).toMatchObject({ ok: true, method: 'patch' });
  });

  it.each([
    [
      'ftp',
      { url: 'ftp://api.test/' },
      'Only http and https URLs can be fetched (got ftp:).',
      true,
    ],
    [
      'file',
      { url: 'file:///etc/passwd' },
      'Only http and https URLs can be fetched (got file:).',
      true,
    ],
    ['relative URL', { url: '/relative' }, '"/relative" is not an absolute URL.', false],
    [
      'credentials',
      { url: 'https://user:pw@api.test/' },
      'The URL includes credentials: send them in a header instead.',
      false,
    ],
    [
      'a long URL',
      { url: `https://api.test/${'a'.repeat(16_400)}` },
      'The URL is 16417 characters long, more than 16384.',
      true,
    ],
    ['CONNECT', { method: 'CONNECT' }, 'The CONNECT method is not allowed.', true],
    ['trace', { method: 'trace' }, 'The TRACE method is not allowed.', true],
    ['bad method', { method: 'GE T' }, 'The request method is not a valid HTTP method.', false],
    ['GET body', { body: 'aGk=' }, 'A GET request cannot have a body.', false],
    [
      'bad base64',
      { method: 'POST', body: 'not base64!' },
      'The request body is not valid base64.',
      false,
    ],
    [
      'big body',
      { method: 'POST', body: Buffer.alloc(11).toString('base64') },
      'The request body is 11 bytes, more than the 10 a request may send (maxRequestBytes).',
      true,
    ],
    [
      'bad redirect mode',
      { redirect: 'later' as 'follow' },
      "The redirect mode must be 'follow', 'manual' or 'error'.",
      false,
    ],
    [
      'bad header',
      { headers: [['a b', 'c']] as Array<[string, string]> },
      '"a b" is not a valid header name.',
      false,
    ],
  ])('refuses %s', (_name, request, message, denied) => {
    expect(prepare(request)).toEqual({ ok: false, message, denied });
  });

  it('accepts a body of exactly maxRequestBytes', () => {
    expect(prepare({ method: 'PUT', body: Buffer.alloc(10).toString('base64') }).ok).toBe(true);
  });
});
