import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { nativeTest as it } from './native-python-test-fixture';

// Hostile programs against the native runtime. Each must leave the host alive, read and write
// nothing of the host, and leave the runtime able to run the next program.

const hostTmpMarker = join(tmpdir(), `native-python-marker-${randomUUID()}`);
const repoMarker = join(import.meta.dirname, `native-python-marker-${randomUUID()}`);
const hostTmpSecret = join(tmpdir(), `native-python-secret-${randomUUID()}`);
const repoSecret = join(import.meta.dirname, `native-python-secret-${randomUUID()}`);
// A shell command that creates both markers where their folder exists (the box has no `touch`).
const touchMarkers = `/usr/bin/python3 -c "import sys, pathlib; [pathlib.Path(p).touch() for p in sys.argv[1:] if pathlib.Path(p).parent.is_dir()]" ${hostTmpMarker} ${repoMarker}`;
const py = (value: string) => JSON.stringify(value); // a Python string literal (JSON strings are valid Python)

beforeAll(() => {
  writeFileSync(hostTmpSecret, 'host secret');
  writeFileSync(repoSecret, 'repo secret');
});
afterAll(() => {
  for (const path of [hostTmpSecret, repoSecret, hostTmpMarker, repoMarker])
    rmSync(path, { force: true });
});
afterEach(() => {
  const touched = [hostTmpMarker, repoMarker].filter((path) => existsSync(path));
  for (const path of touched) rmSync(path, { force: true });
  expect(touched, 'the sandbox wrote to the host').toEqual([]);
});

async function expectNextRunWorks(
  runOnce: (code: string) => Promise<{ value?: string }>,
): Promise<void> {
  expect((await runOnce('sum(range(10))')).value).toBe('45');
}

describe('native Python sandbox: escapes', () => {
  it('contains a __subclasses__() walk to os.system', async ({ runOnce }) => {
    const outcome = await runOnce(
      `for cls in ().__class__.__bases__[0].__subclasses__():\n    if cls.__name__ == '_wrap_close':\n        system = cls.__init__.__globals__['system']\n        break\nsystem(${py(touchMarkers)})`,
    );
    // It may "work" inside the sandbox (its /tmp is private); the host must not see it.
    expect(outcome.error).toBeUndefined();
    await expectNextRunWorks(runOnce);
  });

  it('contains generator-frame and traceback-frame walks to __builtins__', async ({ runOnce }) => {
    const generatorWalk = await runOnce(
      `g = (x for x in [1])\nimporter = g.gi_frame.f_builtins['__import__']\nimporter('os').system(${py(touchMarkers)})`,
    );
    expect(generatorWalk.error).toBeUndefined();
    const tracebackWalk = await runOnce(
      `try:\n    1 / 0\nexcept ZeroDivisionError as error:\n    frame = error.__traceback__.tb_frame\nwhile frame.f_back:\n    frame = frame.f_back\nbuiltins = frame.f_globals['__builtins__']\nbuiltins = getattr(builtins, '__dict__', builtins)\nbuiltins['__import__']('os').system(${py(touchMarkers)})\nsorted(frame.f_globals)[:3]`,
    );
    expect(tracebackWalk.error).toBeUndefined();
  });

  it('contains os.system, subprocess, multiprocessing and ctypes', async ({ runOnce }) => {
    const outcome = await runOnce(
      [
        'import os, subprocess, ctypes, multiprocessing, sys',
        `os.system(${py(touchMarkers)})`,
        `subprocess.run(${py(touchMarkers)}, shell=True)`,
        `ctypes.CDLL(None).system(${py(touchMarkers).replace(/^"/, 'b"')})`,
        'with multiprocessing.Pool(2) as pool:',
        '    print(pool.map(abs, [-1, -2]))',
        "print(subprocess.run([sys.executable, '-c', 'import os; print(sorted(os.listdir(\"/\")))'], capture_output=True, text=True).stdout, end='')",
      ].join('\n'),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe(
      "[1, 2]\n['bin', 'dev', 'etc', 'lib', 'lib64', 'proc', 'tmp', 'usr', 'workspace']\n",
    );
  });

  it('cannot read files of the host (its /tmp, the project folder, /etc/passwd, /root, /home)', async ({
    runOnce,
  }) => {
    const outcome = await runOnce(
      [
        'import os',
        'found = []',
        `for path in [${py(hostTmpSecret)}, ${py(repoSecret)}, '/etc/passwd', '/etc/shadow', '/root/.bashrc', '/proc/1/environ']:`,
        '    try:',
        "        found.append((path, open(path, 'rb').read()[:20]))",
        '    except OSError as error:',
        '        pass',
        "found, [name for name in ('home', 'root', 'work', 'var', 'opt', 'mnt') if os.path.exists('/' + name)]",
      ].join('\n'),
    );
    // /proc/1 is the sandbox's own PID-namespace init, started with an empty environment (and
    // not even readable on a root host, where nsenter makes the box nobody before bubblewrap).
    expect(["([('/proc/1/environ', b'')], [])", '([], [])']).toContain(outcome.value);
    expect(JSON.stringify(outcome)).not.toMatch(/host secret|repo secret/);
  });

  it('sees only what Python needs of /usr: no /usr/sbin, /usr/local/etc or other programs', async ({
    runOnce,
  }) => {
    const hidden = [
      '/usr/sbin',
      '/usr/local/etc',
      '/usr/local/bin',
      '/usr/include',
      '/usr/lib/apt',
      '/usr/lib/node_modules',
      '/sbin',
    ];
    expect(existsSync('/usr/sbin') && existsSync('/usr/lib/apt')).toBe(true);
    const outcome = await runOnce(
      [
        'import os, sys',
        `visible = [path for path in ${JSON.stringify(hidden)} if os.path.exists(path)]`,
        "visible, sorted(os.listdir('/usr/bin'))",
      ].join('\n'),
    );
    const python = basename(realpathSync('/usr/bin/python3'));
    const usrBin = [...new Set(['dash', 'python3', python, 'sh'])].sort();
    expect(outcome.value).toBe(`([], [${usrBin.map((name) => `'${name}'`).join(', ')}])`);
  });

  it('cannot write outside its private /tmp and /dev/shm', async ({ runOnce }) => {
    const outcome = await runOnce(
      [
        'blocked = []',
        "for path in ['/usr/x', '/etc/x', '/x', '/dev/x', '/proc/x', '/bin/x']:",
        '    try:',
        "        open(path, 'w').write('x')",
        '    except OSError:',
        '        blocked.append(path)',
        "open('/tmp/ok', 'w').write('x'); open('/dev/shm/ok', 'w').write('x')",
        'len(blocked)',
      ].join('\n'),
    );
    expect(outcome.value).toBe('6');
  });

  describe('network', () => {
    let server: Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      server = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('cannot connect to a loopback server on the host, or to the host’s other addresses', async ({
      runOnce,
    }) => {
      const hostAddresses = Object.values(networkInterfaces())
        .flat()
        .filter((address) => address && address.family === 'IPv4' && !address.internal)
        .map((address) => address?.address as string);
      const targets = ['127.0.0.1', ...hostAddresses];
      const outcome = await runOnce(
        [
          'import socket',
          'results = []',
          `for host in ${JSON.stringify(targets)}:`,
          '    try:',
          `        socket.create_connection((host, ${port}), timeout=2).close()`,
          "        results.append('connected')",
          '    except OSError as error:',
          "        results.append(type(error).__name__ + ' ' + str(error))",
          'try:',
          "    socket.getaddrinfo('example.com', 80)",
          "    results.append('resolved')",
          'except OSError as error:',
          "    results.append(type(error).__name__ + ' ' + str(error))",
          'results',
        ].join('\n'),
      );
      // The box has no network namespace to speak of: no IPv4 sockets at all, no resolver.
      const refused = "'OSError [Errno 97] Address family not supported by protocol'";
      expect(outcome.value).toBe(
        `[${targets.map(() => refused).join(', ')}, 'gaierror [Errno -3] Temporary failure in name resolution']`,
      );
      expect(connections).toBe(0);
      // The counter can fail: a connection from the host is counted.
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end());
        socket.on('error', reject);
        socket.on('close', () => resolve());
      });
      await expect.poll(() => connections).toBe(1);
    });
  });

  it('blocks memory the host cannot see (memfd, SysV shared memory, bigger socket buffers), io_uring and socket families other than AF_UNIX and AF_NETLINK', async ({
    runOnce,
  }) => {
    const outcome = await runOnce(
      [
        'import os, socket, ctypes, errno',
        'results = {}',
        'try:',
        "    os.memfd_create('hidden')",
        "    results['memfd'] = 'allowed'",
        'except OSError as error:',
        "    results['memfd'] = errno.errorcode[error.errno]",
        'libc = ctypes.CDLL(None, use_errno=True)',
        "results['shmget'] = errno.errorcode[ctypes.get_errno()] if libc.shmget(0, 2**20, 0o1600) == -1 else 'allowed'",
        "results['io_uring'] = errno.errorcode[ctypes.get_errno()] if libc.syscall(425, 8, ctypes.create_string_buffer(120)) == -1 else 'allowed'",
        "for name, family in [('inet', 2), ('inet6', 10), ('vsock', 40), ('alg', 38), ('packet', 17), ('bluetooth', 31)]:",
        '    try:',
        '        socket.socket(family, socket.SOCK_STREAM).close()',
        "        results[name] = 'allowed'",
        '    except OSError as error:',
        '        results[name] = errno.errorcode[error.errno]',
        'left, right = socket.socketpair()',
        'dgram, _ = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)',
        'socket.socket(socket.AF_NETLINK, socket.SOCK_RAW).close()',
        "for option in ('SO_SNDBUF', 'SO_RCVBUF', 'SO_SNDBUFFORCE', 'SO_RCVBUFFORCE'):",
        '    try:',
        '        dgram.setsockopt(socket.SOL_SOCKET, getattr(socket, option, 32), 2**24)',
        "        results[option] = 'allowed'",
        '    except OSError as error:',
        '        results[option] = errno.errorcode[error.errno]',
        'left.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
        "left.sendall(b'ping'); right.recv(4), dgram.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF), results",
      ].join('\n'),
    );
    const defaultBuffer = readFileSync('/proc/sys/net/core/wmem_default', 'utf8').trim();
    expect(outcome.value).toBe(
      `(b'ping', ${defaultBuffer}, {'memfd': 'EPERM', 'shmget': 'EPERM', 'io_uring': 'EPERM', 'inet': 'EAFNOSUPPORT', 'inet6': 'EAFNOSUPPORT', 'vsock': 'EAFNOSUPPORT', 'alg': 'EAFNOSUPPORT', 'packet': 'EAFNOSUPPORT', 'bluetooth': 'EAFNOSUPPORT', 'SO_SNDBUF': 'EPERM', 'SO_RCVBUF': 'EPERM', 'SO_SNDBUFFORCE': 'EPERM', 'SO_RCVBUFFORCE': 'EPERM'})`,
    );
  });

  it('cannot create nested user namespaces (to gain capabilities)', async ({ runOnce }) => {
    const outcome = await runOnce(
      [
        'import ctypes, errno, subprocess, sys',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'here = libc.unshare(0x10000000) == -1 and errno.errorcode[ctypes.get_errno()]',
        "child = subprocess.run([sys.executable, '-c', 'import ctypes; print(ctypes.CDLL(None).unshare(0x10000000))'], capture_output=True, text=True).stdout",
        'here, child',
      ].join('\n'),
    );
    expect(outcome.value).toBe("('EPERM', '-1\\n')");
  });

  it('does not see the host environment', async ({ runOnce }) => {
    const secret = `leak-me-${randomUUID()}`;
    process.env.NATIVE_PYTHON_TEST_SECRET = secret;
    try {
      const outcome = await runOnce(
        "import os\nprint(dict(os.environ), open('/proc/self/environ', 'rb').read())\n[k for k in os.environ if 'SECRET' in k], open('/proc/self/environ', 'rb').read().count(b'leak-me')",
      );
      expect(outcome.value).toBe('([], 0)');
      // In no field: the printed environment, the value, an error or its stack.
      expect(JSON.stringify(outcome)).not.toContain(secret);
    } finally {
      delete process.env.NATIVE_PYTHON_TEST_SECRET;
    }
  });
});

describe('native Python sandbox: denial of service', () => {
  const loops: [string, string][] = [
    ['while True: pass', 'while True:\n    pass'],
    [
      'a loop catching BaseException and retrying',
      'while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass',
    ],
    [
      'SIGTERM ignored, then a loop',
      'import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass',
    ],
    ['time.sleep(100)', 'import time\ntime.sleep(100)'],
    ['10**10**8 (CPU-bound inside one C call)', '10**10**8'],
  ];
  it.for(loops)('stops %s at the deadline', async ([, code], { runOnce }) => {
    const started = performance.now();
    const outcome = await runOnce(`print('started')\n${code}`, { timeoutMs: 1000 });
    const elapsed = performance.now() - started;
    expect(outcome).toMatchObject({ timedOut: true, reusable: false, stdout: 'started\n' });
    expect(outcome.error?.name).toBe('TimeoutError');
    expect(elapsed).toBeLessThan(4000);
    await expectNextRunWorks(runOnce);
  });

  it('loses a session’s state on timeout and says so', async ({ openSession }) => {
    const session = await openSession();
    await session.run('x = 1');
    const outcome = await session.run('while True: pass', { timeoutMs: 500 });
    expect(outcome.error?.message).toMatch(/state \(variables, functions, imports\) is lost/);
    expect(outcome.reusable).toBe(false);
    expect(await session.hostPids()).toEqual([]);
    await session.disposeAndCheck();
  });

  it('stops a memory balloon past the limit with a clean error', async ({ runOnce }) => {
    const big = await runOnce('x = bytearray(300 * 2**20)\nlen(x)', { memoryLimitMb: 128 });
    expect(['MemoryLimitError', 'MemoryError']).toContain(big.error?.name);
    const growing = await runOnce('chunks = []\nwhile True:\n    chunks.append(bytearray(2**20))', {
      memoryLimitMb: 128,
    });
    expect(['MemoryLimitError', 'MemoryError']).toContain(growing.error?.name);
    expect(growing.error?.message).toMatch(/128 MB|memory/i);
    await expectNextRunWorks(runOnce);
  });

  it('turns bytearray(10**11) into MemoryError and keeps the session', async ({ openSession }) => {
    const session = await openSession();
    await session.run('kept = 7');
    const outcome = await session.run('bytearray(10**11)');
    expect(outcome.error).toMatchObject({ name: 'MemoryError', line: 1 });
    expect(outcome.reusable).toBe(true);
    expect((await session.run('kept')).value).toBe('7');
    await session.disposeAndCheck();
  });

  it('allows memory under the limit (numpy array of 50 MB under 128 MB)', async ({ runOnce }) => {
    const outcome = await runOnce(
      'import numpy as np\na = np.ones(50 * 2**20 // 8)\na.nbytes // 2**20',
      { memoryLimitMb: 128 },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe('50');
  });

  it('handles unbounded recursion, with and without a raised recursion limit', async ({
    runOnce,
  }) => {
    const plain = await runOnce('def down(n):\n    return down(n + 1)\ndown(0)');
    expect(plain.error?.name).toBe('RecursionError');
    const raised = await runOnce(
      'import sys\nsys.setrecursionlimit(10**6)\ndef down(n):\n    return down(n + 1)\ndown(0)',
      {
        timeoutMs: 10_000,
      },
    );
    // Python frames live on the heap: a raised limit runs into the memory limit.
    expect(raised.error).toEqual({
      name: 'MemoryLimitError',
      message:
        'Memory limit exceeded: the program used more than 128 MB and was stopped. Use smaller data or process it in pieces.',
    });
    const native = await runOnce(
      "import sys, json\nsys.setrecursionlimit(10**6)\njson.loads('[' * 500000 + ']' * 500000)",
      {
        timeoutMs: 10_000,
      },
    );
    // C recursion in the json parser overflows the C stack: the process dies, the host does not.
    expect(native.error).toEqual({
      name: 'SandboxCrashedError',
      message:
        'The Python process was killed by SIGSEGV before the run finished (os._exit(), a crash in native code, or a resource limit such as the file size limit).',
    });
    await expectNextRunWorks(runOnce);
  });

  it('bounds a fork bomb by the process limit, and leaves no process behind', async ({
    openSession,
  }) => {
    const session = await openSession();
    const outcome = await session.run(
      'import os, time\nforked = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            time.sleep(60)\n            os._exit(0)\n        forked += 1\nexcept OSError as error:\n    print(type(error).__name__)\nforked',
    );
    expect(outcome.stdout).toBe('BlockingIOError\n');
    expect(Number(outcome.value)).toBeLessThan(32);
    const pids = await session.hostPids();
    expect(pids.length).toBeLessThanOrEqual(32 + 2);
    expect((await session.run('1 + 1')).value).toBe('2');
    await session.disposeAndCheck();
  });

  it('stops a self-replicating fork bomb at the deadline', async ({ runOnce }) => {
    const outcome = await runOnce(
      'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass',
      {
        timeoutMs: 1500,
      },
    );
    expect(outcome.timedOut).toBe(true);
    await expectNextRunWorks(runOnce);
  });

  it('bounds a thread bomb', async ({ openSession }) => {
    const session = await openSession();
    const outcome = await session.run(
      'import threading, time\nthreads = []\ntry:\n    while True:\n        thread = threading.Thread(target=time.sleep, args=(60,), daemon=True)\n        thread.start()\n        threads.append(thread)\nexcept RuntimeError as error:\n    print(error)\nlen(threads)',
    );
    expect(outcome.stdout).toBe("can't start new thread\n");
    expect(Number(outcome.value)).toBeLessThan(32);
    expect((await session.run('"alive"')).value).toBe("'alive'");
    await session.disposeAndCheck();
  });

  it('stops filling the disk at the file size and tmpfs limits, writing nothing on the host', async ({
    runOnce,
  }) => {
    const name = `fill-${randomUUID()}`;
    const oneFile = await runOnce(
      `f = open('/tmp/${name}', 'wb')\ntry:\n    while True:\n        f.write(b'x' * 2**20)\n        f.flush()\nexcept OSError as error:\n    print(error.errno)`,
    );
    expect(['27\n', '28\n']).toContain(oneFile.stdout); // EFBIG (64 MB per file) or ENOSPC (64 MB tmpfs)
    const manyFiles = await runOnce(
      `import os\ntry:\n    for i in range(100):\n        with open('/tmp/${name}-%d' % i, 'wb') as f:\n            f.write(b'x' * 8 * 2**20)\nexcept OSError as error:\n    print(error.errno, i)`,
    );
    expect(manyFiles.stdout).toMatch(/^28 [78]\n$/);
    expect(existsSync(join(tmpdir(), name))).toBe(false);
    expect(existsSync(join(tmpdir(), `${name}-0`))).toBe(false);
  });

  it('refuses a sparse file past the file size limit', async ({ runOnce }) => {
    const outcome = await runOnce(
      "f = open('/tmp/sparse', 'wb')\nf.seek(10**12)\nf.write(b'x')\nf.flush()",
    );
    expect(outcome.error).toMatchObject({ name: 'OSError', message: '[Errno 27] File too large' });
  });

  it('stops a program creating too many files', async ({ runOnce }) => {
    const outcome = await runOnce(
      "import os\nfor i in range(10**6):\n    open('/tmp/f%d' % i, 'w').close()",
      { timeoutMs: 20_000 },
    );
    expect(outcome.error?.name).toBe('FileLimitError');
    await expectNextRunWorks(runOnce);
  });

  it('caps an endless output flood (print and raw fd writes) and stops it at the deadline', async ({
    runOnce,
  }) => {
    for (const code of [
      "while True:\n    print('x' * 1000)",
      "import os\nwhile True:\n    os.write(1, b'y' * 65536)",
    ]) {
      let streamed = 0;
      const outcome = await runOnce(code, {
        timeoutMs: 1500,
        maxOutputChars: 10_000,
        onOutput: (chunk) => {
          streamed += chunk.text.length;
        },
      });
      expect(outcome).toMatchObject({ timedOut: true, truncated: true });
      expect(outcome.stdout.length).toBeLessThanOrEqual(10_000);
      expect(streamed).toBeLessThanOrEqual(10_000);
    }
  });

  it('decodes invalid UTF-8 on stdout with replacement characters', async ({ runOnce }) => {
    const outcome = await runOnce(
      "import sys, os\nsys.stdout.buffer.write(b'\\xff\\xfe')\nos.write(1, b'\\xff')\nos.write(2, b'\\xc3')\nprint('!')",
    );
    expect(outcome.stdout).toBe('\ufffd\ufffd\ufffd!\n');
    expect(outcome.stderr).toBe('\ufffd');
  });

  it('treats sys.exit(0) as success and sys.exit(3) as an error, keeping the session', async ({
    openSession,
  }) => {
    const session = await openSession();
    await session.run('kept = 1');
    const clean = await session.run("import sys\nprint('bye')\nsys.exit(0)");
    expect(clean).toMatchObject({ stdout: 'bye\n', reusable: true });
    expect(clean.error).toBeUndefined();
    const failed = await session.run('sys.exit(3)');
    expect(failed.error).toMatchObject({ name: 'SystemExit', message: '3' });
    expect((await session.run('kept')).value).toBe('1');
    await session.disposeAndCheck();
  });

  it('reports os._exit(1) as a lost process; the session says its state is gone', async ({
    openSession,
    runOnce,
  }) => {
    const session = await openSession();
    await session.run('kept = 1');
    const outcome = await session.run("print('before')\nimport os\nos._exit(1)");
    expect(outcome).toMatchObject({ stdout: 'before\n', reusable: false, timedOut: false });
    expect(outcome.error?.name).toBe('SandboxCrashedError');
    expect(outcome.error?.message).toMatch(
      /exited with code 1.*state \(variables, functions, imports\) is lost/s,
    );
    const after = await session.run('kept');
    expect(after.error).toMatchObject({
      name: 'SandboxCrashedError',
      message: expect.stringContaining('had already ended'),
    });
    await session.disposeAndCheck();
    await expectNextRunWorks(runOnce);
  });

  it('reports a segmentation fault in native code as a crash', async ({ runOnce }) => {
    const outcome = await runOnce('import ctypes\nctypes.string_at(0)');
    expect(outcome.error?.name).toBe('SandboxCrashedError');
    expect(outcome.error?.message).toContain('SIGSEGV');
    await expectNextRunWorks(runOnce);
  });

  it('keeps working after KeyboardInterrupt, a closed sys.stdout, and closed fds 1 and 2', async ({
    openSession,
  }) => {
    const session = await openSession();
    expect((await session.run('raise KeyboardInterrupt')).error?.name).toBe('KeyboardInterrupt');
    const closedStdout = await session.run("import sys\nsys.stdout.close()\nprint('lost')");
    expect(closedStdout.error).toMatchObject({
      name: 'ValueError',
      message: 'I/O operation on closed file.',
    });
    const closedFds = await session.run(
      "import os\nos.close(1)\nos.close(2)\ntry:\n    os.write(1, b'x')\nexcept OSError as error:\n    print('fd 1:', error.errno)",
    );
    expect(closedFds.stdout).toBe('fd 1: 9\n');
    const after = await session.run(
      "import os, sys\nos.write(1, b'raw\\n')\nprint('printed')\nprint('err', file=sys.stderr)",
    );
    expect(after).toMatchObject({ stdout: 'raw\nprinted\n', stderr: 'err\n' });
    await session.disposeAndCheck();
  });

  it('treats garbage or a flood on the private protocol pipe as a crash, not a host failure', async ({
    runOnce,
  }) => {
    const garbage = await runOnce(
      "import os\nos.write(4, b'this is not json\\n')\nimport time\ntime.sleep(5)",
      { timeoutMs: 10_000 },
    );
    expect(garbage.error).toMatchObject({
      name: 'SandboxCrashedError',
      message: expect.stringContaining('invalid message'),
    });
    const forged = await runOnce(
      'import os\nos.write(4, b\'{"type":"result","id":1,"result":{"stdout":1}}\\n\')\nimport time\ntime.sleep(5)',
      {
        timeoutMs: 10_000,
      },
    );
    expect(forged.error).toMatchObject({
      name: 'SandboxCrashedError',
      message: expect.stringContaining('invalid message'),
    });
    const closed = await runOnce('import os\nos.close(4)\n1');
    expect(closed.error?.name).toBe('SandboxCrashedError');
    const flood = await runOnce("import os\nwhile True:\n    os.write(4, b'x' * 2**20)", {
      timeoutMs: 10_000,
    });
    expect(flood.error?.name).toBe('SandboxCrashedError');
    await expectNextRunWorks(runOnce);
  });

  it('stops a run promptly when its signal aborts', async ({ openSession }) => {
    const session = await openSession();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const outcome = await session.run('while True: pass', { signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(outcome).toMatchObject({ reusable: false, timedOut: false });
    expect(outcome.error?.name).toBe('AbortError');
    expect(await session.hostPids()).toEqual([]);
    await session.disposeAndCheck();
  });
});
