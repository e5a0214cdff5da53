import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SourceSyntaxError } from './source-syntax-error';
import { wrapForRepl } from './wrap-for-repl';

/** Runs cells one after another in one realm, like a session, and returns each cell's value. */
async function runCells(...cells: string[]): Promise<unknown[]> {
  const context = {};
  const values: unknown[] = [];
  for (const cell of cells) {
    const program = runInNewContext(wrapForRepl(cell).code, context) as () => Promise<
      { v: unknown } | undefined
    >;
    const result = await program.call(context);
    values.push(result === undefined ? 'no value' : result.v);
  }
  return values;
}

describe('wrapForRepl', () => {
  it('returns the value of a final expression, and nothing after a statement', async () => {
    expect(await runCells('1 + 1', 'let a = 1', '"text"', 'if (true) { let b = 5 }')).toEqual([
      2,
      'no value',
      'text',
      'no value',
    ]);
  });

  it('makes top-level declarations persist and allows declaring them again', async () => {
    expect(
      await runCells(
        'const a = 1; let b = 2; var c = 3',
        'a + b + c',
        'const a = 10; a',
        'function f() { return a * 2 } class K { get v() { return f() } }',
        'new K().v',
        'const { x, y: [z] = [] } = { x: 1, y: [2] }; x + z',
        'let u; typeof u',
      ),
    ).toEqual(['no value', 6, 10, 'no value', 20, 3, 'undefined']);
  });

  it('without persistBindings keeps let, const and class local, and var and functions global', async () => {
    const context: Record<string, unknown> = {};
    const cell =
      'const a = 1; let b = 2; class K {} var c = 3; function f() { return a + b } [typeof globalThis.a, typeof globalThis.b, typeof globalThis.K, globalThis.c, globalThis.f(), new K() instanceof K]';
    const wrapped = wrapForRepl(cell, { persistBindings: false });
    expect(wrapped.code).toContain('const a = 1; let b = 2; class K {}');
    const program = runInNewContext(wrapped.code, context) as () => Promise<{ v: unknown }>;
    const result = await program.call(context);
    expect(result.v).toEqual(['undefined', 'undefined', 'undefined', 3, 3, true]);
  });

  it('supports top-level await', async () => {
    expect(await runCells('const v = await Promise.resolve(41); v + 1')).toEqual([42]);
  });

  it('keeps every line where it was', () => {
    const source = 'const a = 1;\n\nfunction f() {\n  return a;\n}\n// end\nf()';
    const { code } = wrapForRepl(source);
    expect(code.split('\n').length).toBe(source.split('\n').length + 1);
    expect(code.split('\n')[3]).toBe('  return a;');
  });

  it('a trailing line comment cannot swallow the wrapper', async () => {
    expect(await runCells('1 + 2 // three')).toEqual([3]);
  });

  it('reports syntax errors with the user line and column', () => {
    try {
      wrapForRepl('const a = 1;\nconst b = (;');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SourceSyntaxError);
      expect(error).toMatchObject({ line: 2, column: 12 });
    }
  });

  it('records where it inserted text, to correct error columns', () => {
    const { columnShifts } = wrapForRepl('let a = 1;\n  a.b.c');
    expect(columnShifts).toContainEqual([2, 2, 'return { v: ('.length]);
    expect(columnShifts.some(([line, column]) => line === 1 && column === 0)).toBe(true);
  });

  it('gives a final if, try, loop, switch or block the value of the last expression it ran, as Node does', async () => {
    expect(
      await runCells(
        "const ok = true; if (ok) { 'yes' } else { 'no' }",
        "if (false) { 'yes' } else { 'no' }",
        "try { JSON.parse('{') } catch (e) { 'fallback' }",
        "try { 'tried' } finally { 'finally does not count' }",
        'let total = 0; for (const n of [1, 2, 3]) { total += n }',
        "switch (2) { case 1: 'one'; break; case 2: 'two'; break }",
        '{ const inner = 5; inner * 2 }',
        'if (true) { const x = 1 }',
        "function f() { if (true) { 'inside a function' } } if (true) { f() }",
      ),
    ).toEqual(['yes', 'no', 'fallback', 'tried', 6, 'two', 10, 'no value', undefined]);
  });

  it("reads a cell that is an object literal as one, as Node's REPL does", async () => {
    expect(await runCells('{ x: 1 }', '{ a: 1, b: [2] }', '{ let a = 1; a + 1 }')).toEqual([
      { x: 1 },
      { a: 1, b: [2] },
      2,
    ]);
    const { columnShifts } = wrapForRepl('{ x: y }');
    expect(columnShifts).toContainEqual([1, 0, 1]);
  });
});
