import { describe, expect } from 'vitest';
import { RuntimeUnavailableError } from '../../../errors/runtime-unavailable-error';
import type { OutputChunk } from '../../../result/execution-result';
import { createNativePythonRuntime } from './create-native-python-runtime';
import { nativeTest as it } from './native-python-test-fixture';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('native Python runtime', () => {
  it('returns stdout, stderr and the last value with exact newlines', async ({ runOnce }) => {
    const outcome = await runOnce(
      "import sys\nprint('a')\nprint('b', end='')\nprint('\\nc\\r\\n', file=sys.stderr)\n6 * 7",
    );
    expect(outcome).toMatchObject({
      stdout: 'a\nb',
      stderr: '\nc\r\n\n',
      value: '42',
      timedOut: false,
      truncated: false,
      reusable: true,
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.memoryUsedMb).toBeGreaterThan(0);
  });

  it('reports an error with its line and a traceback trimmed to the user code', async ({
    runOnce,
  }) => {
    const outcome = await runOnce("x = 1\ndef f():\n    return {}['missing']\nf()");
    expect(outcome.error).toMatchObject({ name: 'KeyError', message: "'missing'", line: 3 });
    expect(outcome.error?.stack).toMatch(
      /^Traceback \(most recent call last\):\n {2}File "<cell>", line 4, in <module>\n/,
    );
    expect(outcome.error?.stack).not.toMatch(/code_interpreter|code-interpreter/);
  });

  it('runs top-level await, asyncio.run and time.sleep', async ({ openSession }) => {
    const session = await openSession();
    const awaited = await session.run('import asyncio\nawait asyncio.sleep(0.05)\n"awaited"');
    const ran = await session.run(
      'async def main():\n    await asyncio.sleep(0.01)\n    return 5\nasyncio.run(main())',
    );
    const started = performance.now();
    const slept = await session.run('import time\ntime.sleep(0.3)\n"slept"');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect([awaited.value, ran.value, slept.value]).toEqual(["'awaited'", '5', "'slept'"]);
    await session.disposeAndCheck();
  });

  it('keeps variables, functions and imports across runs of a stateful sandbox', async ({
    openSession,
  }) => {
    const session = await openSession();
    await session.run(
      'import statistics\ndata = [1, 2, 3, 4]\ndef mean():\n    return statistics.mean(data)',
    );
    await session.run('data.append(10)');
    const outcome = await session.run('mean(), len(data)');
    expect(outcome.value).toBe('(4, 5)');
    await session.disposeAndCheck();
  });

  it('runs numpy and pandas', async ({ runOnce }) => {
    const outcome = await runOnce(
      "import numpy as np, pandas as pd\nframe = pd.DataFrame({'x': np.arange(5), 'y': np.arange(5) ** 2})\nprint(frame['y'].sum())\nframe.shape",
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe('30\n');
    expect(outcome.value).toBe('(5, 2)');
  });

  it('runs multiprocessing (Pool, duplex Pipe, Queue, Manager), a process pool and asyncio subprocesses', async ({
    runOnce,
  }) => {
    const outcome = await runOnce(
      [
        'import asyncio, multiprocessing as mp, sys',
        'from concurrent.futures import ProcessPoolExecutor',
        'def echo(conn):',
        '    conn.send(conn.recv() * 2)',
        'with mp.Pool(2) as pool:',
        '    squares = pool.map(abs, [-1, -2, -3])',
        'parent, child = mp.Pipe()',
        'worker = mp.Process(target=echo, args=(child,))',
        'worker.start(); parent.send(21); doubled = parent.recv(); worker.join()',
        'queue = mp.Queue(); queue.put("queued"); queued = queue.get()',
        'with mp.Manager() as manager:',
        '    shared = manager.dict(); shared["k"] = 1; managed = dict(shared)',
        'with ProcessPoolExecutor(2) as executor:',
        '    pooled = list(executor.map(abs, [-4, -5]))',
        'async def child_output():',
        "    proc = await asyncio.create_subprocess_exec(sys.executable, '-c', 'print(7)', stdout=asyncio.subprocess.PIPE)",
        '    return (await proc.communicate())[0]',
        'squares, doubled, queued, managed, pooled, asyncio.run(child_output())',
      ].join('\n'),
      { timeoutMs: 30_000 },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe("([1, 2, 3], 42, 'queued', {'k': 1}, [4, 5], b'7\\n')");
  });

  it('returns matplotlib figures from plt.show() and figures left open as PNG images', async ({
    runOnce,
  }) => {
    const outcome = await runOnce(
      "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [4, 1, 9])\nplt.title('shown')\nplt.show()\nplt.figure()\nplt.bar(['a', 'b'], [1, 2])\nprint('done')",
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe('done\n');
    expect(outcome.images).toHaveLength(2);
    for (const image of outcome.images) {
      expect(image.mediaType).toBe('image/png');
      expect(Buffer.from(image.data, 'base64').subarray(0, 8).equals(pngSignature)).toBe(true);
    }
  });

  it('mounts a prebuilt matplotlib font list, so pyplot imports without scanning fonts', async ({
    runOnce,
  }) => {
    const probe =
      "import os\nos.listdir('/tmp/.matplotlib') if os.path.isdir('/tmp/.matplotlib') else []";
    let listing = '[]';
    for (let attempt = 0; attempt < 50 && !listing.includes('fontlist'); attempt++) {
      listing = (await runOnce(probe)).value ?? '[]';
      if (!listing.includes('fontlist')) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(listing).toMatch(/\['fontlist-v\d+\.json'\]/);
    const outcome = await runOnce(
      "import os, matplotlib\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\nos.path.exists('/tmp/.cache/fontconfig'), matplotlib.get_cachedir()",
    );
    expect(outcome.images).toHaveLength(1);
    expect(outcome.value).toBe("(False, '/tmp/.matplotlib')");
  });

  it('cuts a flood of output to the cap, keeping head and tail', async ({ runOnce }) => {
    const outcome = await runOnce("for i in range(100000):\n    print('line %06d' % i)", {
      maxOutputChars: 1000,
    });
    expect(outcome.truncated).toBe(true);
    expect(outcome.stdout.startsWith('line 000000\nline 000001\n')).toBe(true);
    expect(outcome.stdout.endsWith('line 099999\n')).toBe(true);
    expect(outcome.stdout).toMatch(/\n… \[\d+ characters of stdout cut\] …\n/);
    expect(outcome.stdout.length).toBeLessThan(1100);
  });

  it('streams print, fd writes and subprocess output to onOutput, in order', async ({
    runOnce,
  }) => {
    const chunks: OutputChunk[] = [];
    const outcome = await runOnce(
      "import os, sys, time, subprocess\nprint('first')\ntime.sleep(0.05)\nos.write(1, b'raw\\n')\nsubprocess.run(['sh', '-c', 'echo child; echo child-err >&2'])\nprint('last', file=sys.stderr)",
      { onOutput: (chunk) => chunks.push(chunk) },
    );
    expect(outcome.stdout).toBe('first\nraw\nchild\n');
    expect(outcome.stderr).toBe('child-err\nlast\n');
    expect(
      chunks
        .filter((chunk) => chunk.stream === 'stdout')
        .map((chunk) => chunk.text)
        .join(''),
    ).toBe(outcome.stdout);
    expect(
      chunks
        .filter((chunk) => chunk.stream === 'stderr')
        .map((chunk) => chunk.text)
        .join(''),
    ).toBe(outcome.stderr);
  });

  it('gives the program a fixed environment, its own /tmp, /workspace as cwd, and EOF on stdin', async ({
    runOnce,
  }) => {
    const outcome = await runOnce(
      "import os, socket\nopen('/tmp/mine.txt', 'w').write('hi')\ntry:\n    input()\nexcept EOFError:\n    print('eof')\nsorted(os.environ), os.getcwd(), socket.gethostname(), [name for name in os.listdir('/tmp') if name != '.matplotlib']",
    );
    expect(outcome.stdout).toBe('eof\n');
    expect(outcome.value).toBe(
      "(['HOME', 'LANG', 'MALLOC_ARENA_MAX', 'MKL_NUM_THREADS', 'MPLBACKEND', 'MPLCONFIGDIR', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PATH', 'PWD', 'PYTHONDONTWRITEBYTECODE', 'PYTHONUNBUFFERED', 'TMPDIR'], '/workspace', 'sandbox', ['mine.txt'])",
    );
  });

  it('disposes sandboxes still open when the runtime closes', async () => {
    const runtime = createNativePythonRuntime({});
    const sandbox = await runtime.createSandbox({ memoryLimitMb: 64, stateful: true });
    const pids = await (sandbox as unknown as { hostPids(): Promise<number[]> }).hostPids();
    const { expectProcessesGone, idleBoxProcesses } = await import('./native-python-test-fixture');
    expect(pids.length).toBeGreaterThanOrEqual(idleBoxProcesses);
    await runtime.close();
    await expectProcessesGone(pids);
    await expect(runtime.createSandbox({ memoryLimitMb: 64, stateful: false })).rejects.toThrow(
      /closed/,
    );
  });

  it('says what to install when bubblewrap or python3 is missing', async () => {
    const noBwrap = createNativePythonRuntime({ bwrapPath: '/nonexistent/bwrap' });
    const error = await noBwrap
      .createSandbox({ memoryLimitMb: 64, stateful: false })
      .catch((caught: unknown) => caught);
    expect(RuntimeUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('apt-get install bubblewrap');
    const noPython = createNativePythonRuntime({ pythonPath: '/nonexistent/python3' });
    await expect(noPython.createSandbox({ memoryLimitMb: 64, stateful: false })).rejects.toThrow(
      /apt-get install python3/,
    );
  });
});
