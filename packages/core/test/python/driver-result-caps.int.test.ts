import { describe, expect, it } from 'vitest';
import { resultCaps } from '../../src/result/result-caps';
import { type DriverResult, pythons, runCells, runOne } from './driver-harness';

// The driver cuts every field of a result to its cap (resultCaps, and maxOutputChars for the
// streams and the value) before the result leaves the sandbox, and flags it as truncated. What it
// returns is what crosses to the host (as JSON), so its size is measured here.

const maxOutputChars = 10_000;
/** Room for the note a cut adds (`\n… [29992000 characters cut] …\n`). */
const noteChars = 100;
/** Most characters of a whole result as JSON: every field at its cap, plus structure. */
const resultJsonChars =
  3 * (maxOutputChars + noteChars) +
  resultCaps.errorNameChars +
  resultCaps.errorMessageChars +
  resultCaps.errorStackChars +
  3 * noteChars +
  1_000;

function expectWithinCaps(result: DriverResult) {
  expect(result.stdout.length).toBeLessThanOrEqual(maxOutputChars + noteChars);
  expect(result.stderr.length).toBeLessThanOrEqual(maxOutputChars + noteChars);
  expect((result.value ?? '').length).toBeLessThanOrEqual(maxOutputChars + noteChars);
  expect((result.error?.name ?? '').length).toBeLessThanOrEqual(
    resultCaps.errorNameChars + noteChars,
  );
  expect((result.error?.message ?? '').length).toBeLessThanOrEqual(
    resultCaps.errorMessageChars + noteChars,
  );
  expect((result.error?.stack ?? '').length).toBeLessThanOrEqual(
    resultCaps.errorStackChars + noteChars,
  );
  expect(JSON.stringify(result).length).toBeLessThan(resultJsonChars);
  expect(result.truncated).toBe(true);
}

/** Hostile cells: [what they do, code, the error name the result must report (or null)]. */
const hostileCells: Array<[string, string, string | null]> = [
  ['a 30-million-character exception message', "raise ValueError('x' * 30_000_000)", 'ValueError'],
  [
    'an exception whose __str__ returns 30 million characters',
    "class Loud(Exception):\n    def __str__(self):\n        return 'z' * 30_000_000\nraise Loud()",
    'Loud',
  ],
  [
    'a 10-million-character exception class name',
    "raise type('N' * 10_000_000, (Exception,), {})('boom')",
    'N'.repeat(100),
  ],
  [
    'a 10-million-character qualified name and module of the exception class',
    "E = type('E', (Exception,), {'__module__': 'M' * 10_000_000})\nE.__qualname__ = 'Q' * 10_000_000\nraise E('boom')",
    'E',
  ],
  [
    'a chain of exceptions with 3-million-character messages (__cause__ and __context__)',
    "def boom():\n    raise ValueError('v' * 3_000_000)\ntry:\n    boom()\nexcept ValueError as first:\n    try:\n        raise KeyError('k' * 3_000_000) from first\n    except KeyError:\n        raise RuntimeError('r' * 3_000_000)",
    'RuntimeError',
  ],
  [
    'a chain of 20,000 exceptions',
    'e = None\nfor i in range(20_000):\n    try:\n        raise ValueError(i) from e\n    except ValueError as caught:\n        e = caught\nraise e',
    'ValueError',
  ],
  [
    'deep alternating recursion through functions with 100,000-character names',
    "import sys\nsys.setrecursionlimit(3000)\na, b = 'a' * 100_000, 'b' * 100_000\nexec(f'def {a}(n):\\n    return {b}(n + 1)\\ndef {b}(n):\\n    return {a}(n + 1)\\n')\nglobals()[a](0)",
    'RecursionError',
  ],
  [
    'frames on two 10-million-character source lines, alternating',
    "import linecache\nsource = 'def f(n): return g(n + 1) if n < 200 else 1 / 0  # ' + 'a' * 10_000_000 + '\\ndef g(n): return f(n + 1)  # ' + 'b' * 10_000_000 + '\\n'\nlinecache.cache['long.py'] = (len(source), None, source.splitlines(True), 'long.py')\nexec(compile(source, 'long.py', 'exec'))\nf(0)",
    'ZeroDivisionError',
  ],
  [
    'a SyntaxError raised by compile() at the end of a 10-million-character line',
    "compile('a' * 10_000_000 + ' $', 'mine.py', 'exec')",
    'SyntaxError',
  ],
  [
    'a SyntaxError with a 10-million-character message raised by the program',
    "raise SyntaxError('s' * 10_000_000, ('<cell-1>', 1, 5, 't' * 10_000_000))",
    'SyntaxError',
  ],
  [
    'a note of 10 million characters',
    "e = ValueError('m')\ne.add_note('n' * 10_000_000)\nraise e",
    'ValueError',
  ],
  [
    'an exception group of 50 exceptions with million-character messages',
    "raise ExceptionGroup('g', [ValueError(str(i) * 1_000_000) for i in range(50)])",
    'ExceptionGroup',
  ],
  [
    'SystemExit with a 30-million-character code',
    "import sys\nsys.exit('x' * 30_000_000)",
    'SystemExit',
  ],
  ['a value whose repr has 30 million characters', "'x' * 30_000_000", null],
  ['a list whose repr has 30 million characters', "['y' * 1000] * 30_000", null],
  [
    'a warning with a 30-million-character message',
    "import warnings\nwarnings.warn('w' * 30_000_000)",
    null,
  ],
  [
    'a warning category with a 10-million-character name',
    "import warnings\nwarnings.warn('careful', type('W' * 10_000_000, (UserWarning,), {}))",
    null,
  ],
];

describe.each(pythons)('driver result caps on %s', (python) => {
  it.for(hostileCells)('%s: every field within its cap, truncated', async ([, code, name]) => {
    const [output] = await runCells(python, [{ code, maxOutputChars }]);
    const result = output?.result as DriverResult;
    expectWithinCaps(result);
    if (name === null) expect(result.error).toBeNull();
    else expect(result.error?.name.slice(0, 100)).toBe(name);
  });

  it('cuts a huge message to its head and tail with a note, and keeps the traceback readable', async () => {
    const [output] = await runCells(python, [
      { code: "raise ValueError('x' * 30_000_000)", maxOutputChars },
    ]);
    const error = output?.result.error;
    expect(error?.message).toBe(
      `${'x'.repeat(4_000)}\n… [29992000 characters cut] …\n${'x'.repeat(4_000)}`,
    );
    expect(error?.line).toBe(1);
    expect(error?.stack).toMatch(
      /^Traceback \(most recent call last\):\n {2}File "<cell>", line 1, in <module>\n/,
    );
    expect(error?.stack).toContain('\nValueError: xxxx');
  });

  it('cuts a SyntaxError of the cell on a 10-million-character line around its position', async () => {
    const code = `x = '${'a'.repeat(10_000_000)}' $`;
    const [output] = await runCells(python, [{ code, maxOutputChars }]);
    const result = output?.result as DriverResult;
    expectWithinCaps(result);
    expect(result.error).toMatchObject({ name: 'SyntaxError', line: 1 });
    // The caret still points at the offending character.
    const lines = result.error?.stack.split('\n') ?? [];
    const caret = lines.findIndex((line) => /^\s*\^+\s*$/.test(line));
    expect(caret).toBeGreaterThan(0);
    expect(lines[caret - 1]?.[(lines[caret] ?? '').indexOf('^')]).toBe('$');
  });

  it('keeps the chain of a chained error, cut to its cap', async () => {
    const [output] = await runCells(python, [{ code: hostileCells[4]?.[1] ?? '', maxOutputChars }]);
    const stack = output?.result.error?.stack ?? '';
    expect(stack).toMatch(/^Traceback \(most recent call last\):\n/);
    expect(stack).toContain(
      '\n\nThe above exception was the direct cause of the following exception:\n\n',
    );
    expect(stack).toContain(
      '\n\nDuring handling of the above exception, another exception occurred:\n\n',
    );
    // Each message in the traceback is cut to a quarter of its cap, so the last one stays whole.
    expect(
      stack.endsWith(
        `\nRuntimeError: ${'r'.repeat(2_000)}\n… [2996000 characters cut] …\n${'r'.repeat(2_000)}`,
      ),
    ).toBe(true);
  });

  it('cuts error fields to the caps the host passes with the run', async () => {
    const caps = { ...resultCaps, errorNameChars: 10, errorMessageChars: 50, errorStackChars: 300 };
    const [output] = await runCells(python, [
      {
        code: "raise type('LongErrorName', (Exception,), {})('x' * 1000)",
        maxOutputChars,
        resultCaps: caps,
      },
    ]);
    const result = output?.result as DriverResult;
    expect(result.error?.name).toBe('LongE\n… [3 characters cut] …\nrName');
    expect(result.error?.message).toBe(
      `${'x'.repeat(25)}\n… [950 characters cut] …\n${'x'.repeat(25)}`,
    );
    expect(result.error?.stack.length).toBeLessThanOrEqual(300 + noteChars);
    expect(result.truncated).toBe(true);
  });

  it('leaves an ordinary error alone and does not flag it as truncated', async () => {
    const result = await runOne(python, "raise ValueError('plain')");
    expect(result.error).toMatchObject({ name: 'ValueError', message: 'plain' });
    expect(result.truncated).toBe(false);
  });
});

describe('driver caps constants', () => {
  it('are the numbers of result-caps.ts', async () => {
    const result = await runOne(
      pythons[0] as string,
      'import code_interpreter_driver as driver, json\njson.dumps(driver.RESULT_CAPS)',
    );
    expect(JSON.parse((result.value ?? "''").slice(1, -1))).toEqual(resultCaps);
  });
});
