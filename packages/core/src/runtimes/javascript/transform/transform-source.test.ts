import { describe, expect, it } from 'vitest';
import { inlineParseMaxChars } from '../compile-program';
import { transformSource } from './transform-source';

/** `open` repeated, `middle`, `close` repeated: as deep as fits in `size` characters. */
function nested(open: string, middle: string, close: string, size = inlineParseMaxChars): string {
  const depth = Math.floor((size - middle.length) / (open.length + close.length));
  return open.repeat(depth) + middle + close.repeat(depth);
}

/**
 * JavaScript cells up to `inlineParseMaxChars` are parsed on the worker's own thread, which
 * answers every other run: that is only sound while the parse costs little whatever the cell.
 * These are the shapes that make parsers backtrack (arrow parameters, patterns, async arrows,
 * nesting), at the inline limit.
 */
const adversarialShapes: Array<[string, string]> = [
  ['nested arrow parameters with defaults', nested('(a=', '1', ')=>1')],
  ['nested async arrows', nested('async(a=', '1', ')=>1')],
  ['nested object patterns', `(${nested('{a:', 'b', '}', inlineParseMaxChars - 6)})=>1`],
  ['nested array patterns with defaults', `[${nested('a=[', '', ']', inlineParseMaxChars - 5)}]=x`],
  ['nested parentheses', nested('(', 'a', ')')],
  ['nested templates', nested('`${', 'a', '}`')],
  ['nested regex groups', `/${nested('(', 'a', ')', inlineParseMaxChars - 2)}/`],
  [
    'many named groups',
    `/${Array.from({ length: 180 }, (_, i) => `(?<n${i}>a)\\k<n${i}>`).join('')}/`,
  ],
  ['a long parameter list with a clash', `(${'a,'.repeat(inlineParseMaxChars / 2 - 4)}a)=>1`],
  ['many labels', `${Array.from({ length: 600 }, (_, i) => `l${i}:`).join('')};`],
  ['a long comparison chain', `a${'<a'.repeat(inlineParseMaxChars / 2 - 1)}`],
];

describe('transformSource on the inline path', () => {
  it.for(adversarialShapes)('%s stays cheap at the inline size limit', ([, code]) => {
    expect(code.length).toBeLessThanOrEqual(inlineParseMaxChars);
    let best = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now();
      const result = transformSource({ code, language: 'javascript', persistBindings: false });
      best = Math.min(best, performance.now() - started);
      expect(['program', 'syntax-error']).toContain(result.kind);
    }
    // Linear work on 4 KB takes a few ms at most; exponential or quadratic work takes far longer.
    expect(best).toBeLessThan(250);
  });

  it('reports a syntax error with its position and keeps the JavaScript for V8 to word it', () => {
    expect(
      transformSource({
        code: 'const x = 1;\nfoo(',
        language: 'javascript',
        persistBindings: false,
      }),
    ).toMatchObject({ kind: 'syntax-error', foundBy: 'javascript', line: 2 });
  });

  it('strips TypeScript types and rewrites the cell', () => {
    const result = transformSource({
      code: 'const n: number = 1; n',
      language: 'typescript',
      persistBindings: false,
    });
    expect(result.kind).toBe('program');
  });
});
