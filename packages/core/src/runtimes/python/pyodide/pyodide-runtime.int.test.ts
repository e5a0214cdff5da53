import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../../../../test/sandbox-runs';
import type { OutputChunk } from '../../../result/execution-result';
import type { SandboxRuntime } from '../../sandbox-runtime';
import { createPyodideRuntime } from './create-pyodide-runtime';

let runtime: SandboxRuntime;

beforeAll(async () => {
  runtime = createPyodideRuntime();
  // Builds the memory snapshot once for the whole file.
  await (await runtime.createSandbox({ memoryLimitMb: 128, stateful: false })).dispose();
});

afterAll(async () => {
  await runtime?.close();
});

describe('Pyodide runtime: notebook semantics', () => {
  it('returns printed output and the value of the last expression', async () => {
    const outcome = await runPython(runtime, 'x = 6 * 7\nprint("answer:", x)\nx');
    expect(outcome).toMatchObject({
      stdout: 'answer: 42\n',
      stderr: '',
      value: '42',
      timedOut: false,
    });
    expect(outcome.error).toBeUndefined();
  });

  it('captures output written below sys.stdout (os.write to fd 1)', async () => {
    const outcome = await runPython(runtime, 'import os\nos.write(1, b"raw bytes\\n")');
    expect(outcome.stdout).toBe('raw bytes\n');
  });

  it('reports errors with a traceback trimmed to the user code and its line numbers', async () => {
    const outcome = await runPython(runtime, 'def f(d):\n    return d["missing"]\n\nf({})');
    expect(outcome.error).toMatchObject({ name: 'KeyError', message: "'missing'", line: 2 });
    expect(outcome.error?.stack).toContain('File "<cell>", line 2, in f');
    expect(outcome.error?.stack).not.toContain('code_interpreter_driver');
    expect(outcome.error?.stack).not.toContain('_code_interpreter_pyodide');
    expect(outcome.reusable).toBe(true);
  });

  it('imports the standard library offline', async () => {
    const code = `
import json, re, math, statistics, datetime, collections, itertools, decimal, fractions, csv, io
import hashlib, random, textwrap, dataclasses, asyncio, heapq, functools, string, uuid, base64
import zlib, struct, operator, enum, typing, pathlib, tempfile, sqlite3
buffer = io.StringIO()
csv.writer(buffer).writerow(["a", 1])
[
  json.dumps({"a": 1}),
  re.sub(r"\\d", "#", "a1b2"),
  math.isqrt(17),
  statistics.mean([1, 2, 3, 4]),
  str(decimal.Decimal("0.1") + decimal.Decimal("0.2")),
  str(fractions.Fraction(1, 3) * 3),
  buffer.getvalue(),
  hashlib.sha256(b"abc").hexdigest()[:8],
  datetime.date(2024, 2, 29).isoformat(),
  dict(collections.Counter("aab")),
  list(itertools.islice(itertools.count(), 3)),
  textwrap.shorten("hello world again", 12),
]`;
    const outcome = await runPython(runtime, code);
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe(
      `['{"a": 1}', 'a#b#', 4, 2.5, '0.3', '1', 'a,1\\r\\n', 'ba7816bf', '2024-02-29', {'a': 2, 'b': 1}, [0, 1, 2], 'hello [...]']`,
    );
  });

  it('reads the standard library zip whole, chunk by chunk from the worker’s one copy, and refuses writes to it', async () => {
    // The zip is not copied into each sandbox (see withChunkedStdlib): every member reads back,
    // the members' sizes add up, tracebacks quote the library's source, and it stays read-only.
    const code = `
import sys, os, zipfile, zlib, traceback
path = next(p for p in sys.path if p.endswith('.zip'))
archive = zipfile.ZipFile(path)
members = archive.infolist()
total = sum(len(archive.read(member)) for member in members)
crc = all(zlib.crc32(archive.read(member)) == member.CRC for member in members[::25])
import this
try:
    import fractions
    fractions.Fraction('x')
except ValueError:
    quoted = 'raise ValueError' in traceback.format_exc()
try:
    with open(path, 'ab') as file:
        file.write(b'x')
    written = 'written'
except PermissionError as error:
    written = error.errno
[os.path.getsize(path) > 2_000_000, len(members) > 500, total == sum(m.file_size for m in members), crc, quoted, written]`;
    const outcome = await runPython(runtime, code);
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toContain('The Zen of Python');
    expect(outcome.value).toBe('[True, True, True, True, True, 63]');
  });

  it('streams each chunk to onOutput, on its own stream', async () => {
    const chunks: OutputChunk[] = [];
    const outcome = await runPython(
      runtime,
      'import sys, time\nprint("first")\ntime.sleep(0.05)\nprint("oops", file=sys.stderr)',
      { onOutput: (chunk) => chunks.push(chunk) },
    );
    expect(outcome.stdout).toBe('first\n');
    expect(
      chunks
        .filter((c) => c.stream === 'stdout')
        .map((c) => c.text)
        .join(''),
    ).toBe('first\n');
    expect(
      chunks
        .filter((c) => c.stream === 'stderr')
        .map((c) => c.text)
        .join(''),
    ).toBe('oops\n');
  });

  it('reads input() as end of file', async () => {
    const outcome = await runPython(runtime, 'input("name? ")');
    expect(outcome.error?.name).toBe('EOFError');
  });
});

describe('Pyodide runtime: async code and sleeping', () => {
  it('runs asyncio.run(...)', async () => {
    const code = `
import asyncio
async def work(n):
    await asyncio.sleep(0.01 * n)
    return n * n
async def main():
    return await asyncio.gather(*(work(n) for n in range(5)))
asyncio.run(main())`;
    const outcome = await runPython(runtime, code);
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe('[0, 1, 4, 9, 16]');
  });

  it('runs top-level await', async () => {
    const outcome = await runPython(
      runtime,
      'import asyncio\nawait asyncio.sleep(0.02)\nawait asyncio.sleep(0, "done")',
    );
    expect(outcome.value).toBe("'done'");
  });

  it('sleeps with time.sleep on the host clock, without burning the deadline', async () => {
    const started = performance.now();
    const outcome = await runPython(
      runtime,
      'import time\nt0 = time.monotonic()\ntime.sleep(0.3)\ntime.monotonic() - t0',
    );
    expect(outcome.error).toBeUndefined();
    const slept = Number(outcome.value);
    expect(slept).toBeGreaterThanOrEqual(0.3);
    expect(slept).toBeLessThan(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('reports an error raised in a JavaScript timer callback on stderr and carries on', async () => {
    const code = `import js, asyncio
from pyodide.ffi import create_once_callable
js.setTimeout(create_once_callable(lambda: 1 / 0), 0)
await asyncio.sleep(0.05)
print("after")`;
    const outcome = await runPython(runtime, code);
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe('after\n');
    expect(outcome.stderr).toMatch(/Uncaught error in a timer callback: ZeroDivisionError/);
    expect(outcome.reusable).toBe(true);
  });

  it('reports a program that awaits something that can never finish', async () => {
    const outcome = await runPython(
      runtime,
      'import asyncio\nawait asyncio.get_running_loop().create_future()',
    );
    expect(outcome.timedOut).toBe(false);
    expect(outcome.error?.message).toMatch(/can never complete/);
    expect(outcome.reusable).toBe(false);
  });
});

describe('Pyodide runtime: sessions and isolation', () => {
  it('keeps variables, functions and imports across runs of a stateful sandbox', async () => {
    const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
    try {
      const run = (code: string) =>
        session.run({
          language: 'python',
          code,
          timeoutMs: 10_000,
          maxOutputChars: 10_000,
          signal: new AbortController().signal,
        });
      expect(
        (await run('import statistics as st\ndata = [3, 1, 2]\ndef double(x):\n    return 2 * x'))
          .error,
      ).toBeUndefined();
      const second = await run('data.append(10)\ndouble(st.median(data))');
      expect(second.value).toBe('5.0');
      const third = await run('1 / 0');
      expect(third.error?.name).toBe('ZeroDivisionError');
      expect(third.reusable).toBe(true);
      expect((await run('len(data)')).value).toBe('4');
    } finally {
      await session.dispose();
    }
  });

  it('keeps asyncio tasks running across runs of a session', async () => {
    const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
    try {
      const run = (code: string) =>
        session.run({
          language: 'python',
          code,
          timeoutMs: 10_000,
          maxOutputChars: 10_000,
          signal: new AbortController().signal,
        });
      expect(
        (
          await run(
            'import asyncio\ntask = asyncio.ensure_future(asyncio.sleep(0.05, "from the first cell"))',
          )
        ).error,
      ).toBeUndefined();
      expect((await run('asyncio.run(asyncio.sleep(0.01))')).error).toBeUndefined();
      expect((await run('await task')).value).toBe("'from the first cell'");
    } finally {
      await session.dispose();
    }
  });

  it('never lets a stateless run see another run state', async () => {
    const first = await runPython(
      runtime,
      'import random, sys\nsecret = 41\nsys.modules["leak"] = secret\nrandom.random()',
    );
    const second = await runPython(
      runtime,
      'import random, sys\n[globals().get("secret"), "leak" in sys.modules, random.random()]',
    );
    expect(second.value).toMatch(/^\[None, False, 0\.\d+\]$/);
    // A memory snapshot restores the generator state too: each sandbox must reseed it.
    expect(second.value).not.toContain(first.value);
  });
});
