import { beforeAll, describe, expect, it as plainTest } from 'vitest';
import { interpreterTest } from '../../../test/interpreter-fixture';
import { type FidelityCase, fidelityCases } from '../../../test/python/python-fidelity-cases';
import {
  type CellView,
  type ReferenceRun,
  runReferenceCells,
  systemPython,
} from '../../../test/python/python-reference';
import type { ExecutionResult } from '../../result/execution-result';

// Differential fidelity: each case runs as a notebook cell in our sandbox and under plain CPython
// (/usr/bin/python3 running test/python/notebook_cell_reference.py, all cases in one process), and
// the notebook views (stdout, stderr, value, error name/message/line/column/traceback) are compared.
// Native Python runs that same /usr/bin/python3, so its views must be equal; Pyodide is another
// CPython version, so the differences that version brings are listed below, case by case.

/** A difference the reference's view has to be adjusted for, stated exactly, with why. */
interface AllowedDifference {
  why: string;
  /** The reference's view as the sandbox must show it. */
  adjust: (view: CellView) => CellView;
}

function withStack(view: CellView, edit: (stack: string) => string): CellView {
  if (!view.error) throw new Error('this case has no error to adjust');
  return { ...view, error: { ...view.error, stack: edit(view.error.stack) } };
}

/** Differences of our driver, by design, on every runtime. */
const driverDifferences: Record<string, AllowedDifference> = {
  RecursionError: {
    why: 'the driver keeps 100 frames of a traceback (MAX_TRACEBACK_FRAMES: the first and last 50), so <module> and 99 frames of down(), 3 of them shown',
    adjust: (view) =>
      withStack(view, (stack) =>
        stack.replace(
          /\[Previous line repeated \d+ more times\]/,
          '[Previous line repeated 96 more times]',
        ),
      ),
  },
};

/** `inserted` as a new line of the traceback after the line `line`. */
function insertAfter(line: string, inserted: string) {
  return (view: CellView) =>
    withStack(view, (stack) => stack.replace(`\n${line}\n`, `\n${line}\n${inserted}\n`));
}

/** Since 3.13 a call that is a whole source line is marked too (`~` the callee, `^` the call). */
const callCarets = (line: string, carets: string): AllowedDifference => ({
  why: 'Python 3.13+ marks a call that spans its whole line (3.11 leaves such a line unmarked)',
  adjust: insertAfter(line, carets),
});

/** Since 3.12 the traceback module itself adds "Did you mean" (3.11's adds nothing). */
const suggestion = (hint: string): AllowedDifference => ({
  why: 'Python 3.12+ traceback module adds the name suggestion to the last line',
  adjust: (view) => withStack(view, (stack) => `${stack}. Did you mean: '${hint}'?`),
});

/**
 * Differences between /usr/bin/python3 (3.11) and Pyodide's CPython (3.14), each one exactly: the
 * reference is adjusted to what 3.14 shows for that case only, and an entry that no longer changes
 * anything fails the test (so a Python or Pyodide upgrade is noticed either way).
 */
const pyodideDifferences: Record<string, AllowedDifference> = {
  'standard library reprs': {
    why: 'Python 3.12+ shows an OrderedDict as a dict literal',
    adjust: (view) => ({
      ...view,
      value: view.value?.replace("OrderedDict([('a', 1)])", "OrderedDict({'a': 1})") ?? null,
    }),
  },
  'NameError with a suggestion': suggestion('valeu'),
  'AttributeError with a suggestion': suggestion('sqrt'),
  'ZeroDivisionError in a function': callCarets('    f(0)', '    ~^^^'),
  'TypeError: missing argument': callCarets('    f(1)', '    ~^^^'),
  'TypeError: not callable': callCarets('    n()', '    ~^^'),
  'ValueError from a builtin': callCarets("    int('abc')", '    ~~~^^^^^^^'),
  'a custom exception': callCarets('    go()', '    ~~^^'),
  'an error in a generator': callCarets('    list(gen())', '    ~~~~^^^^^^^'),
  'sys.exit with a code': callCarets('    sys.exit(3)', '    ~~~~~~~~^^^'),
  'sys.exit with a message': callCarets("    sys.exit('bye')", '    ~~~~~~~~^^^^^^^'),
  'a warning turned into an error': callCarets(
    "    warnings.warn('now fatal', RuntimeWarning)",
    '    ~~~~~~~~~~~~~^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  ),
  RecursionError: {
    why: 'Python 3.13+ marks the call down(0) and no longer marks `return down(n + 1)`, whose call is the whole statement after `return`',
    adjust: (view) =>
      withStack(insertAfter('    down(0)', '    ~~~~^^^')(view), (stack) =>
        stack.replaceAll('\n           ^^^^^^^^^^^\n', '\n'),
      ),
  },
  'an error in a comprehension': {
    why: 'Python 3.12+ inlines list comprehensions (PEP 709): no <listcomp> frame',
    adjust: (view) =>
      withStack(view, (stack) =>
        stack.replace('  File "<cell>", line 2, in <listcomp>\n    [1 / v for v in values]\n', ''),
      ),
  },
};

const test = {
  native: interpreterTest({ python: 'native', languages: ['python'] }),
  pyodide: interpreterTest({ python: 'pyodide', languages: ['python'] }),
};

let reference: ReferenceRun;
beforeAll(async () => {
  reference = await runReferenceCells(fidelityCases);
  console.info(`reference: ${systemPython} ${reference.version}`);
});

/** What a notebook shows of a sandbox's result, in the reference's shape. */
function viewOf(result: ExecutionResult): CellView {
  const error = result.errorInfo;
  return {
    stdout: result.stdout,
    stderr: result.stderr,
    value: result.value ?? null,
    error: error
      ? {
          name: error.name,
          message: error.message,
          line: error.line ?? null,
          ...(error.column === undefined ? {} : { column: error.column }),
          stack: error.stack ?? '',
        }
      : null,
  };
}

/** The reference's view of a case, adjusted by the allowed differences (each must still apply). */
function expectedView(
  { name }: FidelityCase,
  allowed: Record<string, AllowedDifference>[],
): CellView {
  let view = reference.results[name];
  if (!view) throw new Error(`the reference has no result for ${name}`);
  for (const differences of allowed) {
    const difference = differences[name];
    if (!difference) continue;
    const adjusted = difference.adjust(view);
    expect(adjusted, `allowed difference no longer seen (${difference.why})`).not.toEqual(view);
    view = adjusted;
  }
  return view;
}

plainTest('cases have distinct names and every allowed difference names a case', () => {
  const names = fidelityCases.map((fidelityCase) => fidelityCase.name);
  expect(new Set(names).size).toBe(names.length);
  for (const key of [...Object.keys(driverDifferences), ...Object.keys(pyodideDifferences)])
    expect(names).toContain(key);
});

describe.each([
  { runtime: 'native' as const, allowed: [driverDifferences] },
  { runtime: 'pyodide' as const, allowed: [driverDifferences, pyodideDifferences] },
])('$runtime Python shows what CPython shows', ({ runtime, allowed }) => {
  const it = test[runtime];

  it('reports its Python version', async ({ run }) => {
    const version = (await run('python', 'import sys\nprint(sys.version)')).stdout.trimEnd();
    console.info(`${runtime}: Python ${version}; reference ${systemPython}: ${reference.version}`);
    if (runtime === 'native') expect(version).toBe(reference.version);
    else expect(version).toMatch(/^3\.\d+\.\d+/);
  });

  it.for(fidelityCases)('$name', async (fidelityCase, { run }) => {
    const result = await run('python', fidelityCase.code);
    const expected = expectedView(fidelityCase, allowed);
    expect(viewOf(result)).toEqual(expected);
    expect(result.success).toBe(expected.error === null);
  });
});
