import { describe, expect, it } from 'vitest';
import { type CellOutput, pythons, runCells, runOne, systemPython } from './driver-harness';

// The shared in-sandbox driver (packages/core/python/code_interpreter_driver.py), tested on plain
// CPython through a harness that runs cells in one Driver. Both Python runtimes use this driver.
// How a single cell's output, value and errors look is checked against plain CPython in
// src/runtimes/python/python-fidelity.int.test.ts; this file covers what the driver adds (sessions,
// top-level await, caps, streaming, robustness).

/** Drops the `~~^^` marker lines, which differ between Python versions (3.13 marks more). */
function withoutCarets(stack: string | undefined): string {
  return (stack ?? '')
    .split('\n')
    .filter((line) => !/^\s*[~^]+\s*$/.test(line))
    .join('\n');
}

describe.each(pythons)('driver on %s', (python) => {
  describe.each(['sync', 'async'] as const)('run_cell (%s)', (mode) => {
    it('supports top-level await and keeps tasks alive across cells', async () => {
      const outputs = await runCells(
        python,
        [
          'import asyncio\nasync def later(x):\n    await asyncio.sleep(0.01)\n    return x * 2\nawait later(21)',
          'task = asyncio.ensure_future(later(5))\nawait asyncio.sleep(0)',
          'await task',
        ],
        { mode },
      );
      expect(outputs.map((output) => [output.result.value, output.result.error])).toEqual([
        ['42', null],
        [null, null],
        ['10', null],
      ]);
    });

    it('keeps variables, functions and imports across cells in one driver', async () => {
      const outputs = await runCells(
        python,
        [
          'import math\ncount = 1\ndef bump():\n    global count\n    count += 1\n    return count',
          'bump()',
          'bump(), math.sqrt(16), __name__',
        ],
        { mode },
      );
      expect(outputs.map((output) => output.result.value)).toEqual([
        null,
        '2',
        "(3, 4.0, '__main__')",
      ]);
    });

    it('shows earlier cells by number in a traceback, the running cell as <cell>', async () => {
      const outputs = await runCells(
        python,
        ['def broken():\n    raise ValueError("bad value")', 'x = 1\nbroken()'],
        { mode },
      );
      const error = outputs[1]?.result.error;
      expect(error).toMatchObject({ name: 'ValueError', message: 'bad value', line: 2 });
      expect(withoutCarets(error?.stack)).toContain(
        'File "<cell>", line 2, in <module>\n    broken()\n  File "<cell-1>", line 2, in broken\n    raise ValueError("bad value")',
      );
    });

    it('stops the cell at sys.exit: code 0 or None is success, anything else an error; the next cell runs', async () => {
      const outputs = await runCells(
        python,
        [
          "import sys\nprint('before')\nsys.exit(0)\nprint('after')",
          'sys.exit()',
          'sys.exit(3)',
          "sys.exit('bye')",
          'raise KeyboardInterrupt',
          "print('alive')",
        ],
        { mode },
      );
      const results = outputs.map((output) => output.result);
      expect(results[0]).toMatchObject({ stdout: 'before\n', error: null });
      expect(results[1]?.error).toBeNull();
      expect(results[2]?.error).toMatchObject({ name: 'SystemExit', message: '3', line: 1 });
      expect(results[3]?.error).toMatchObject({ name: 'SystemExit', message: 'bye' });
      expect(results[4]?.error).toMatchObject({ name: 'KeyboardInterrupt', message: '', line: 1 });
      expect(results[5]).toMatchObject({ stdout: 'alive\n', error: null });
    });
  });

  it('cuts a flood of output to head and tail with a note, and streams only up to the cap', async () => {
    const [output] = await runCells(
      python,
      [{ code: "for i in range(1000):\n    print('%04d' % i)", maxOutputChars: 100 }],
      { stream: true },
    );
    const { result, chunks } = output as CellOutput;
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith('0000\n0001\n')).toBe(true);
    expect(result.stdout.endsWith('0998\n0999\n')).toBe(true);
    expect(result.stdout).toContain('\n… [4900 characters of stdout cut] …\n');
    const expectedStream = Array.from(
      { length: 20 },
      (_, i) => `${String(i).padStart(4, '0')}\n`,
    ).join('');
    expect(chunks.map(([, text]) => text).join('')).toBe(expectedStream);
  });

  it('streams chunks in the order they are written, to the right stream', async () => {
    const [output] = await runCells(
      python,
      ["import sys\nprint('one')\nprint('two', file=sys.stderr)\nprint('three')"],
      { stream: true },
    );
    expect((output as CellOutput).chunks.filter(([, text]) => text !== '\n')).toEqual([
      ['stdout', 'one'],
      ['stderr', 'two'],
      ['stdout', 'three'],
    ]);
  });

  it('cuts a huge value and flags the result as truncated', async () => {
    const result = (await runCells(python, [{ code: "'x' * 1000", maxOutputChars: 50 }]))[0]
      ?.result;
    expect(result?.truncated).toBe(true);
    expect(result?.value).toMatch(/^'x{24}\n… \[952 characters of value cut\] …\nx{24}'$/);
  });

  it('gives sys.stdout the shape of a text stream and decodes invalid UTF-8 with replacement', async () => {
    const result = await runOne(
      python,
      "import sys, io\nflags = (sys.stdout.isatty(), sys.stdout.encoding, sys.stdout.writable())\ntry:\n    sys.stdout.fileno()\nexcept io.UnsupportedOperation:\n    flags += ('no fileno',)\nsys.stdout.buffer.write(b'\\xff\\xfeok\\n')\nflags",
    );
    expect(result.stdout).toBe('\ufffd\ufffdok\n');
    expect(result.value).toBe("(False, 'utf-8', True, 'no fileno')");
  });

  it('survives user code that closes or replaces sys.stdout, and rebinds json and repr', async () => {
    const outputs = await runCells(python, [
      'import sys\nsys.stdout.close()\nprint(1)',
      "print('back')",
      "import sys, json, builtins\nsys.stdout = None\njson.dumps = None\nbuiltins.repr = lambda value: 'forged'\n[1, 2]",
      "print('still here')\n{'k': 1}",
    ]);
    expect(outputs[0]?.result.error).toMatchObject({
      name: 'ValueError',
      message: 'I/O operation on closed file.',
    });
    expect(outputs[1]?.result).toMatchObject({ stdout: 'back\n', error: null });
    expect(outputs[2]?.result).toMatchObject({ value: '[1, 2]', error: null });
    expect(outputs[3]?.result).toMatchObject({
      stdout: 'still here\n',
      value: "{'k': 1}",
      error: null,
    });
  });

  it('compacts a RecursionError traceback', async () => {
    const result = await runOne(python, 'def down(n):\n    return down(n + 1)\ndown(0)');
    expect(result.error).toMatchObject({ name: 'RecursionError', line: 2 });
    expect(result.error?.stack).toMatch(/\[Previous line repeated \d+ more times\]/);
    expect(result.error?.stack.length).toBeLessThan(4000);
  });

  it('runs asyncio.run() in a cell without top-level await', async () => {
    const result = await runOne(
      python,
      'import asyncio\nasync def main():\n    await asyncio.sleep(0)\n    return 7\nasyncio.run(main())',
    );
    expect(result).toMatchObject({ value: '7', error: null });
  });
});

describe(`driver with matplotlib (${systemPython})`, () => {
  const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const isPng = (data: string) => Buffer.from(data, 'base64').subarray(0, 8).equals(pngSignature);

  it('returns plt.show() figures and figures left open as PNG images', async () => {
    const result = await runOne(
      systemPython,
      "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()\nplt.figure()\nplt.bar(['a', 'b'], [3, 4])\nprint(len(plt.get_fignums()))",
    );
    expect(result.error).toBeNull();
    expect(result.stdout).toBe('1\n');
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      expect(image.mediaType).toBe('image/png');
      expect(isPng(image.data)).toBe(true);
    }
  });

  it('closes captured figures, so the next cell does not return them again', async () => {
    const outputs = await runCells(systemPython, [
      'import matplotlib.pyplot as plt\nplt.plot([1])',
      'plt.get_fignums()',
    ]);
    expect(outputs[0]?.result.images).toHaveLength(1);
    expect(outputs[1]?.result).toMatchObject({ value: '[]', images: [] });
  });

  it('does not import matplotlib unless the user does', async () => {
    const result = await runOne(
      systemPython,
      "import sys\n'matplotlib' in sys.modules, 'numpy' in sys.modules",
    );
    expect(result.value).toBe('(False, False)');
  });
});
