/**
 * Cells whose notebook view (stdout, stderr, value, error) must match plain CPython's. Each runs in
 * a fresh sandbox and under notebook_cell_reference.py; see python-fidelity.int.test.ts.
 */
export interface FidelityCase {
  name: string;
  code: string;
}

const lines = (...source: string[]) => source.join('\n');

export const fidelityCases: FidelityCase[] = [
  // ---- printing ----
  { name: 'print of mixed values', code: "print('hello', 42, 3.5, None, True, [1, 'a'])" },
  {
    name: 'print sep and end',
    code: lines(
      "print('a', 'b', sep='-', end='|')",
      "print('c', end='')",
      'print()',
      "print(*range(5), sep=', ')",
      "print('x', 'y', sep='')",
    ),
  },
  { name: 'print keeps \\r\\n, tabs and blank lines', code: "print('c\\r\\nd\\ttab\\n\\n')" },
  {
    name: 'stdout and stderr writes',
    code: lines(
      'import sys',
      "print('to stderr', file=sys.stderr)",
      "n = sys.stdout.write('written\\n')",
      "sys.stderr.write('raw err')",
      "print('out', n)",
    ),
  },
  { name: 'print then a value', code: "print('first')\n6 * 7" },

  // ---- the last expression, like a REPL ----
  { name: 'None shows nothing', code: 'None' },
  { name: 'a call returning None shows nothing', code: "print('only printed')" },
  { name: 'an assignment shows nothing', code: 'x = 41' },
  { name: 'a non-final expression shows nothing', code: '1 + 1\ny = 2' },
  { name: 'a block as the last statement shows nothing', code: 'if True:\n    42' },
  { name: 'a multi-line last expression', code: 'x = 1\n(x +\n  2)' },
  { name: 'a last expression followed by a comment', code: '1 + 1  # two\n# done\n' },
  { name: 'str reprs and quoting', code: "\"it's\", 'say \"hi\"', 'both \\' and \"', ''" },
  { name: 'str escapes', code: "'line\\nbreak\\ttab\\x00\\x7f\\\\'" },
  { name: 'dict repr', code: "{'a': 1, 'b': [1, 2], 'c': {'d': None}, 3: (4,)}" },
  { name: 'list and tuple reprs', code: '[1, 2, 3], (1,), (), []' },
  { name: 'set and frozenset reprs', code: '{3, 1, 2}, frozenset({2}), set(), {8, 1, 16, 0}' },
  {
    name: 'float reprs',
    code: "0.1 + 0.2, 1e16, 1e-7, 1/3, -0.0, float('inf'), float('nan'), 1e308 * 10, 2.5, 100.0",
  },
  { name: 'bytes reprs', code: "b'\\x00\\xffabc\\'\"', bytearray(b'xy'), bytes(3), b''" },
  { name: 'nested containers', code: "[[1, [2, [3, [4]]]], {'k': (1, {2: [None, True]})}]" },
  { name: 'a recursive list', code: 'a = [1]\na.append(a)\na' },
  { name: 'a large list', code: 'list(range(2000))' },
  { name: 'a large dict', code: '{i: str(i) * 3 for i in range(300)}' },
  { name: 'big integers', code: '2 ** 200, -(10 ** 40), 0x_ff_ff' },
  {
    name: 'unicode',
    code: "print('héllo 🌍 日本語')\n'héllo 🌍', '\\u200b', '\\ud800', 'é' == 'e\\u0301', len('🌍')",
  },
  {
    name: 'repr and str of a class',
    code: lines(
      'class S:',
      "    def __str__(self): return 'as str'",
      "    def __repr__(self): return 'S()'",
      'print(S())',
      'S()',
    ),
  },
  {
    name: 'standard library reprs',
    code: lines(
      'import collections, dataclasses, datetime, decimal, enum, fractions',
      '@dataclasses.dataclass',
      'class Point:',
      '    x: int',
      '    y: float = 0.5',
      'class Color(enum.Enum):',
      '    RED = 1',
      "Pair = collections.namedtuple('Pair', 'left right')",
      "[Point(1), Color.RED, Pair(1, 'b'), decimal.Decimal('1.10'), fractions.Fraction(2, 6),",
      ' datetime.date(2024, 2, 29), datetime.timedelta(days=1, seconds=5),',
      " collections.Counter('abca'), collections.OrderedDict(a=1), collections.deque([1, 2])]",
    ),
  },
  { name: 'builtin objects', code: 'int, len, ..., NotImplemented, range(3), type(None)' },

  // ---- formatting ----
  {
    name: 'f-strings and format specs',
    code: lines(
      "x = 'a'",
      'n = 1234567.891',
      "print(f'{3.14159:.2f} {42:08b} {n:,.1f} {x!r:>5}| {0.5:%} {1e-10:g} {255:#x} {-7:+d} {x=}')",
      "f'{n:e} {n:_} {7:^7}|{True!s} {1/3:.3} {12:o}'",
    ),
  },
  {
    name: 'percent and str.format',
    code: "print('%5.1f|%-4d|%s|%r|%x' % (2.345, 7, 'a', 'a', 255))\n'{:>6}|{:<4}|{:^5}|{!r}'.format('r', 'l', 'c', 1.0)",
  },
  {
    name: 'integer and float arithmetic',
    code: '7 // -2, -7 % 3, divmod(-7, 2), 2 ** -1, 10 / 4, True + True, int(-2.9), round(2.675, 2), round(0.5), round(1.5), round(-0.5), 0.1 * 3, 1e22, 1e21 + 1',
  },
  {
    name: 'print of floats',
    code: 'print(0.1 + 0.2, 1e22, 1e16, 123456789012345678.0, 1.0, -0.0)',
  },

  // ---- sorting and hashing (deterministic ones) ----
  {
    name: 'sorting',
    code: "sorted(['b', 'A', 'a', 'B']), sorted(['b', 'A', 'a'], key=str.lower), sorted(['bb', 'a', 'cc', 'd'], key=len), sorted([(1, 'b'), (1, 'a'), (0, 'z')]), sorted([3, 1, 2], reverse=True), max({'x': 3, 'y': 9}, key={'x': 3, 'y': 9}.get)",
  },
  {
    name: 'hashing of small values',
    code: "hash(1), hash(-1), hash(True), hash(0), hash(''), hash(-2), list({'b': 1, 'a': 2}), {10, 2, 7} | {1}",
  },

  // ---- exceptions ----
  { name: 'NameError', code: "x = 1\nprint('before')\nprint(undefined_name)" },
  { name: 'NameError with a suggestion', code: 'valeu = 1\nvalue' },
  { name: 'ZeroDivisionError in a function', code: 'def f(a):\n    return 1 / a\n\nf(0)' },
  { name: 'TypeError: str plus int', code: "x = 'a'\ny = x + 1" },
  { name: 'TypeError: missing argument', code: 'def f(a, b):\n    pass\nf(1)' },
  { name: 'TypeError: not callable', code: 'n = 5\nn()' },
  { name: 'KeyError', code: "d = {'a': 1}\nd['missing']" },
  { name: 'IndexError', code: 'items = [1, 2]\nitems[5]' },
  { name: 'AttributeError with a suggestion', code: 'import math\nmath.sqr(4)' },
  { name: 'ValueError from a builtin', code: "int('abc')" },
  {
    name: 'an error after output keeps the output',
    code: "print('before')\nraise ValueError('bad')\nprint('after')",
  },
  { name: 'an error in a multi-line statement', code: 'x = [\n    1,\n    undefined_name,\n]' },
  {
    name: 'raise from',
    code: "try:\n    {}['missing']\nexcept KeyError as error:\n    raise ValueError('lookup failed') from error",
  },
  {
    name: 'an error while handling another',
    code: 'try:\n    1 / 0\nexcept ZeroDivisionError:\n    undefined',
  },
  {
    name: 'a custom exception',
    code: "class AppError(Exception):\n    pass\ndef go():\n    raise AppError('custom', 42)\ngo()",
  },
  {
    name: 'a custom exception with its own __str__ and a note',
    code: lines(
      'class Rejected(ValueError):',
      '    def __str__(self):',
      "        return 'rejected: ' + self.args[0]",
      "error = Rejected('too big')",
      "error.add_note('try a smaller one')",
      'raise error',
    ),
  },
  { name: 'an assertion with a message', code: "x = 3\nassert x == 4, f'x is {x}'" },
  { name: 'a bare assertion', code: 'assert 1 > 2' },
  {
    name: 'an exception group',
    code: "raise ExceptionGroup('many', [ValueError(1), TypeError('two')])",
  },
  { name: 'an error in a comprehension', code: 'values = [1, 0]\n[1 / v for v in values]' },
  {
    name: 'an error in a generator',
    code: 'def gen():\n    yield 1\n    raise RuntimeError("gen broke")\nlist(gen())',
  },
  {
    name: 'an error raised by __repr__ of the value',
    code: "class Odd:\n    def __repr__(self):\n        raise RuntimeError('no repr')\nOdd()",
  },
  { name: 'an integer too large to show', code: '10 ** 5000' },
  { name: 'RecursionError', code: 'def down(n):\n    return down(n + 1)\ndown(0)' },
  {
    name: 'sys.exit(0) ends the cell successfully',
    code: "import sys\nprint('before')\nsys.exit(0)\nprint('after')",
  },
  { name: 'sys.exit with a code', code: 'import sys\nsys.exit(3)' },
  { name: 'sys.exit with a message', code: "import sys\nsys.exit('bye')" },
  { name: 'KeyboardInterrupt', code: 'raise KeyboardInterrupt' },

  // ---- syntax errors, with their positions ----
  { name: 'SyntaxError: unclosed bracket', code: "print('never')\nx = (1,\n" },
  { name: 'SyntaxError: missing colon', code: 'x = 1\nif x\n    pass' },
  { name: 'SyntaxError: print statement', code: "print 'hi'" },
  { name: 'SyntaxError: invalid syntax', code: 'x = = 1' },
  { name: 'SyntaxError: unterminated string', code: "s = 'abc\nprint(s)" },
  { name: 'SyntaxError: assignment to a literal', code: '1 = x' },
  { name: 'IndentationError: expected an indented block', code: 'def f():\nreturn 1' },
  { name: 'IndentationError: unexpected indent', code: 'x = 1\n    y = 2' },
  { name: 'IndentationError: unindent mismatch', code: 'if True:\n        a = 1\n    b = 2' },

  // ---- warnings ----
  { name: 'a UserWarning', code: "import warnings\nwarnings.warn('careful')\nprint('after')" },
  {
    name: 'a warning in a loop shows once',
    code: "import warnings\nfor i in range(3):\n    warnings.warn('loop')",
  },
  {
    name: 'a DeprecationWarning from the cell, with stacklevel',
    code: lines(
      'import warnings',
      'def old():',
      "    warnings.warn('old() is deprecated', DeprecationWarning, stacklevel=2)",
      'old()',
    ),
  },
  {
    name: 'a warning turned into an error',
    code: "import warnings\nwarnings.simplefilter('error')\nwarnings.warn('now fatal', RuntimeWarning)",
  },
];
