import { describe, expect, it } from 'vitest';
import { prepareRequestHeaders } from './request-headers';

describe('prepareRequestHeaders', () => {
  it('drops host-computed, hop-by-hop and proxy headers and those connection names; joins repeats', () => {
    const prepared = prepareRequestHeaders([
      ['Host', 'evil.test'],
      ['Connection', 'keep-alive, X-Hop'],
      ['X-Hop', '1'],
      ['Content-Length', '999'],
      ['Transfer-Encoding', 'chunked'],
      ['Proxy-Authorization', 'Basic x'],
      ['TE', 'trailers'],
      ['Upgrade', 'websocket'],
      ['Expect', '100-continue'],
      ['Accept-Encoding', 'zstd'],
      ['Accept', 'text/plain'],
      ['accept', 'application/json'],
      ['Authorization', '  Bearer mine  '],
    ]);
    expect(prepared).toEqual({
      ok: true,
      headers: new Map([
        ['accept', 'text/plain, application/json'],
        ['authorization', 'Bearer mine'],
      ]),
    });
  });

  it('refuses malformed headers with a message', () => {
    expect(prepareRequestHeaders([['Bad Name', 'x']])).toEqual({
      ok: false,
      message: '"Bad Name" is not a valid header name.',
    });
    expect(prepareRequestHeaders([['x-a', 'a\r\nHost: evil']])).toEqual({
      ok: false,
      message: 'The value of header x-a contains a line break or NUL character.',
    });
    expect(prepareRequestHeaders([['x-a', 1 as unknown as string]])).toEqual({
      ok: false,
      message: 'A request header is not a [name, value] pair of strings.',
    });
    expect(
      prepareRequestHeaders(Array.from({ length: 201 }, () => ['x', 'y'] as [string, string])),
    ).toEqual({
      ok: false,
      message: 'The request has 201 headers, more than 200.',
    });
    expect(prepareRequestHeaders([['x', 'y'.repeat(70_000)]])).toEqual({
      ok: false,
      message: 'The request headers are larger than 65536 bytes.',
    });
  });
});
