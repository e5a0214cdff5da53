import { createRequire } from 'node:module';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGlobalsRealm, type GlobalsRealm } from '../test-realm';

/** whatwg-url 17, the URL Standard's reference implementation (a dev dependency, untyped). */
const { URL: WhatwgURL } = createRequire(import.meta.url)('whatwg-url') as { URL: typeof URL };

let realm: GlobalsRealm;
beforeAll(async () => {
  realm = await createGlobalsRealm();
});

const fields = [
  'href',
  'origin',
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'pathname',
  'search',
  'hash',
] as const;

type Parsed = Record<(typeof fields)[number], string> | { error: string };

function describeUrl(Url: typeof URL, input: string, base?: string): Parsed {
  try {
    const url = base === undefined ? new Url(input) : new Url(input, base);
    const out = {} as Record<string, string>;
    for (const field of fields) out[field] = url[field];
    return out as Parsed;
  } catch (error) {
    return { error: (error as Error).name };
  }
}

const parseIn = () =>
  realm.run<(input: string, base?: string) => Parsed>(`(input, base) => {
    try {
      const url = base === undefined ? new URL(input) : new URL(input, base);
      const out = {};
      for (const field of ${JSON.stringify(fields)}) out[field] = url[field];
      return out;
    } catch (e) { return { error: e.name } }
  }`);

const table: Array<[string, string?]> = [
  ['https://example.com'],
  ['HTTPS://User:Pass@EXAMPLE.com:443/a/./b/../c?x=1&y=2#frag'],
  ['http://example.com:8080/path%20with%20space?q=a b#h h'],
  ['http://[::1]:3000/'],
  ['http://[2001:db8::ff00:42:8329]/'],
  ['http://[0:0:0:0:0:ffff:1.2.3.4]/'],
  ['http://192.168.0.1/'],
  ['http://0x7f.1/'],
  ['http://017700000001/'],
  ['http://4294967295/'],
  ['http://4294967296/'],
  ['http://1.2.3.4.5/'],
  ['http://exa mple.com/'],
  ['http://ex%41mple.com/'],
  ['http://münchen.de/straße?ü=ö#ä'],
  ['http://☃.net/'],
  ['http://xn--n3h.net/'],
  ['file:///C:/Users/x/file.txt'],
  ['file://localhost/etc/passwd'],
  ['file:///home/user/../x'],
  ['file:c:\\foo\\bar'],
  ['data:text/plain;base64,SGVsbG8='],
  ['data:text/html,<h1>Hi there</h1>'],
  ['mailto:someone@example.com?subject=hi'],
  ['javascript:alert(1)'],
  ['blob:https://example.com/uuid'],
  ['ws://example.com:80/chat'],
  ['wss://example.com:443/chat'],
  ['ftp://ftp.example.com:21/file'],
  ['non-special://host/path?q#f'],
  ['non-special://h%2Fst/'],
  ['sc://ñ.test/'],
  ['sc:x ?q'],
  ['http:\\\\example.com\\a\\b'],
  ['http:/example.com/'],
  ['  http://example.com/  '],
  ['http://ex\tam\nple.com/'],
  ['http://example.com/a/b/c/../../d'],
  ['http://example.com/%2e%2E/x'],
  ["http://example.com/?a='b'"],
  ['http://example.com/`{}^'],
  ['http://u@:80/'],
  ['http://@example.com/'],
  ['http://a:b@c:d@example.com/'],
  ['http://example.com:65535/'],
  ['http://example.com:65536/'],
  ['http://example.com:0080/'],
  ['foo'],
  [''],
  ['//example.com/x', 'https://base.org/a/b'],
  ['../c?x', 'https://base.org/a/b/'],
  ['?q', 'https://base.org/a/b?old#h'],
  ['#f', 'https://base.org/a/b?old#h'],
  ['/abs', 'file:///C:/dir/file'],
  ['x', 'mailto:a@b'],
  ['#x', 'mailto:a@b'],
  ['http:rel', 'http://base.org/dir/'],
  ['https://example.com/\u{1F600}?\u{1F600}#\u{1F600}'],
  ['http://a.b.c./'],
  ['http://[::1.2.3.4]/'],
  ['http://[1::2::3]/'],
  ['http://example.com/a\u0000b'],
  ['HTTP://EXAMPLE.COM/UPPER?Q=Q#H'],
  // IDNA without the UTS #46 table: mapping, ignored code points, refusals.
  ['http://faß.de/'],
  ['http://ＥＸＡＭＰＬＥ.com/'],
  ['http://example。com/'],
  ['http://a\u00ADb.com/'],
  ['http://💩.la/'],
  ['http://ẞ.de/'],
  ['http://İ.com/'],
  ['http://ǅ.com/'],
  ['http://ﬃ.com/'],
  ['http://㍿.com/'],
  ['http://½.com/'],
  ['http://①.com/'],
  ['http://e\u0301.com/'],
  ['http://xn--MNCHEN-3ya.de/'],
  ['http://١.com/'],
  ['http://\u0300a.com/'],
  ['http://a\u200Db.com/'],
  ['http://\u0378.com/'],
  ['http://\uE000.com/'],
  ['http://a%C3%A9.com/'],
  ['http://a%FF.com/'],
];

describe('URL', () => {
  it('parses a table of ordinary and tricky inputs exactly as Node does', () => {
    const parse = parseIn();
    for (const [input, base] of table) {
      expect(parse(input, base), `${input} (base ${base})`).toEqual(describeUrl(URL, input, base));
    }
  });

  it('agrees with whatwg-url 17 (the reference implementation) on the same table', () => {
    const parse = parseIn();
    for (const [input, base] of table) {
      expect(parse(input, base), `${input} (base ${base})`).toEqual(
        describeUrl(WhatwgURL, input, base),
      );
    }
  });

  it('parses random URL-like inputs (ASCII hosts) like Node: same fields or both throw', () => {
    const parse = parseIn();
    const piece = fc.string({
      unit: fc.constantFrom(...'abcXYZ019-._~:/?#[]@!$&\'()*+,;=% \\\t|^`{}<>"é'.split('')),
      maxLength: 12,
    });
    const scheme = fc.constantFrom(
      'http:',
      'https:',
      'file:',
      'ws:',
      'ftp:',
      'foo:',
      'data:',
      'HTTP:',
      '',
    );
    const slashes = fc.constantFrom('', '/', '//', '///', '\\\\');
    const host = fc.constantFrom(
      'example.com',
      'EXAMPLE.org',
      '127.0.0.1',
      '0x7f.0.0.1',
      '[::1]',
      'a',
      '',
      'localhost',
      'xn--n3h.net',
      '1.2.3',
    );
    const base = fc.constantFrom(
      undefined,
      'http://base.test/dir/file?q#h',
      'file:///C:/x/y',
      'sc:opaque',
    );
    fc.assert(
      fc.property(scheme, slashes, host, piece, piece, base, (s, sl, h, p1, p2, b) => {
        const input = `${s}${sl}${h}${p1}${p2}`;
        expect(parse(input, b)).toEqual(describeUrl(URL, input, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('setters behave as in Node', () => {
    const apply = realm.run<(href: string, field: string, value: string) => string>(
      '(href, field, value) => { const u = new URL(href); u[field] = value; return u.href }',
    );
    const cases: Array<[string, string, string]> = [
      ['http://a.com/x?y#z', 'protocol', 'https'],
      ['http://a.com/x', 'protocol', 'foo'],
      ['foo://a.com/x', 'protocol', 'http'],
      ['http://a.com/x', 'username', 'us er'],
      ['http://a.com/x', 'password', 'p@ss:w'],
      ['file:///x', 'username', 'u'],
      ['http://a.com/x', 'host', 'b.org:8080'],
      ['http://a.com/x', 'hostname', 'b.org:8080'],
      ['http://a.com:1/x', 'port', '443'],
      ['http://a.com:1/x', 'port', ''],
      ['https://a.com/x', 'port', '443'],
      ['http://a.com/x', 'port', '99999'],
      ['http://a.com/x', 'port', '12ab'],
      ['http://a.com/x', 'pathname', '/a b/../c'],
      ['http://a.com/x', 'search', '?q=a b&c'],
      ['http://a.com/x?q', 'search', ''],
      ['http://a.com/x', 'hash', 'frag ment'],
      ['http://a.com/x#h', 'hash', ''],
      ['mailto:a@b', 'pathname', 'c@d'],
      ['mailto:a@b', 'host', 'x'],
      ['file:///x', 'host', 'server'],
      ['file://server/x', 'host', 'localhost'],
    ];
    for (const [href, field, value] of cases) {
      const url = new URL(href);
      (url as unknown as Record<string, string>)[field] = value;
      expect(apply(href, field, value), `${href} ${field}=${value}`).toBe(url.href);
    }
    const error = realm.run<Error & { code: string }>(
      "(() => { try { new URL('http://a').href = 'nope' } catch (e) { return e } })()",
    );
    expect(error.code).toBe('ERR_INVALID_URL');
  });

  it('throws TypeError ERR_INVALID_URL with input and base, like Node', () => {
    const error = realm.run<Record<string, unknown>>(
      "(() => { try { new URL('x', 'y') } catch (e) { return { name: e.name, code: e.code, message: e.message, input: e.input, base: e.base, isTypeError: e instanceof TypeError } } })()",
    );
    expect(error).toEqual({
      name: 'TypeError',
      code: 'ERR_INVALID_URL',
      message: 'Invalid URL',
      input: 'x',
      base: 'y',
      isTypeError: true,
    });
    expect(
      realm.run(
        "[URL.canParse('x'), URL.canParse('x', 'http://a'), URL.parse('nope'), URL.parse('/p', 'http://a').href]",
      ),
    ).toEqual([false, true, null, 'http://a/p']);
    expect(
      realm.run("JSON.stringify({ u: new URL('http://a/b') }) + String(new URL('http://c'))"),
    ).toBe('{"u":"http://a/b"}http://c/');
  });
});

describe('URLSearchParams', () => {
  it('parses and serializes like Node', () => {
    const roundTrip = realm.run<(query: string) => unknown>(
      '(query) => { const p = new URLSearchParams(query); return [p.toString(), [...p], p.size] }',
    );
    const cases = [
      '',
      '?a=1&b=2',
      'a=1&a=2&b',
      'a+b=c+d',
      '%zz=%41%42',
      'é=ü&€',
      '&&a=&=b&',
      'a=%F0%9F%98%80',
      '%FF=%C3',
      "q=a b~!*()'",
    ];
    for (const query of cases) {
      const params = new URLSearchParams(query);
      expect(roundTrip(query), query).toEqual([params.toString(), [...params], params.size]);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (query) => {
        const params = new URLSearchParams(query);
        expect(roundTrip(query)).toEqual([params.toString(), [...params], params.size]);
      }),
      { numRuns: 500 },
    );
  });

  it('builds from records, pairs and other params, and supports every method', () => {
    const result = realm.run(`(() => {
      const p = new URLSearchParams({ b: '2', a: '1', c: [1, 2] });
      p.append('a', '3');
      const out = [p.toString(), p.get('a'), p.getAll('a'), p.has('a', '3'), p.has('z'), p.get('z')];
      p.set('a', 'x');
      p.delete('b');
      p.sort();
      out.push(p.toString(), [...p.keys()], [...p.values()], [...p.entries()]);
      const seen = [];
      p.forEach((v, k, self) => seen.push(k + '=' + v + (self === p)));
      out.push(seen, new URLSearchParams([['x', '1'], ['y', '2']]).toString(), new URLSearchParams(p).toString());
      out.push(new URLSearchParams(new Map([['m', 'n']])).toString(), Object.prototype.toString.call(p.entries()));
      p.delete('a', 'nope');
      out.push(p.toString());
      return out;
    })()`);
    expect(result).toEqual([
      'b=2&a=1&c=1%2C2&a=3',
      '1',
      ['1', '3'],
      true,
      false,
      null,
      'a=x&c=1%2C2',
      ['a', 'c'],
      ['x', '1,2'],
      [
        ['a', 'x'],
        ['c', '1,2'],
      ],
      ['a=xtrue', 'c=1,2true'],
      'x=1&y=2',
      'a=x&c=1%2C2',
      'm=n',
      '[object URLSearchParams Iterator]',
      'a=x&c=1%2C2',
    ]);
    const tupleError = realm.run<string>(
      "(() => { try { new URLSearchParams([['a']]) } catch (e) { return e.code } })()",
    );
    expect(tupleError).toBe('ERR_INVALID_TUPLE');
  });

  it('writes through to its URL and follows changes of the URL', () => {
    const result = realm.run(`(() => {
      const u = new URL('https://x.test/p?a=1#h');
      const p = u.searchParams;
      p.append('b', 'two words');
      const out = [u.href];
      p.delete('a'); p.delete('b');
      out.push(u.href);
      u.search = '?z=9';
      out.push(p.get('z'), u.searchParams === p);
      u.href = 'http://other.test/?k=v';
      out.push(p.toString());
      return out;
    })()`);
    expect(result).toEqual([
      'https://x.test/p?a=1&b=two+words#h',
      'https://x.test/p#h',
      '9',
      true,
      'k=v',
    ]);
  });
});
