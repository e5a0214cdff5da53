import { afterAll, describe, expect, it } from 'vitest';
import type { SandboxRunOutcome } from '../../sandbox-runtime';
import { createNativePythonRuntime } from './create-native-python-runtime';
import type { NativePythonSandbox } from './native-python-sandbox';
import { expectProcessesGone } from './native-python-test-fixture';

// bubblewrap before 0.8 (Ubuntu 22.04 ships 0.6.1) has no --disable-userns, and before 0.7 no
// --size. The runtime must stay safe there: seccomp blocks nested user namespaces, and the host's
// watchdog bounds the then unlimited /tmp. This runtime pretends those options are missing.
const runtime = createNativePythonRuntime(
  { maxProcesses: 32 },
  { bwrapFeatures: { tmpfsSize: false, disableUserns: false, clearenv: false } },
);
afterAll(() => runtime.close());

async function runOnce(code: string, timeoutMs = 15_000): Promise<SandboxRunOutcome> {
  const sandbox = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
  const pids = await (sandbox as NativePythonSandbox).hostPids();
  try {
    return await sandbox.run({
      language: 'python',
      code,
      timeoutMs,
      maxOutputChars: 10_000,
      signal: new AbortController().signal,
    });
  } finally {
    await sandbox.dispose();
    await expectProcessesGone(pids);
  }
}

describe('native Python runtime on a bubblewrap without --size, --disable-userns, --clearenv', () => {
  it('still refuses nested user namespaces, while threads and subprocesses work', async () => {
    const outcome = await runOnce(
      [
        'import ctypes, errno, os, subprocess, threading',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'refused = libc.unshare(0x10000000) == -1 and errno.errorcode[ctypes.get_errno()]',
        "child = subprocess.run(['/usr/bin/python3', '-c', 'import ctypes; print(ctypes.CDLL(None).unshare(0x10000000))'], capture_output=True, text=True).stdout",
        'thread = threading.Thread(target=lambda: None)',
        'thread.start()',
        'thread.join()',
        "refused, child == '-1\\n', subprocess.run(['sh', '-c', 'echo child'], capture_output=True, text=True).stdout",
      ].join('\n'),
    );
    expect(outcome.value).toBe("('EPERM', True, 'child\\n')");
  });

  it('stops a program filling the unlimited /tmp at the disk limit', async () => {
    // Paced (4 MB every 20 ms): the watchdog that finds /tmp over its 80 MB then always looks
    // before the tmpfs pages, which the box's memory cgroup is charged for, reach its 128 MB. At
    // full speed the window between the two was a few milliseconds, and a busy CI machine
    // sometimes saw MemoryLimitError first (a correct stop, but not the one this test proves).
    const outcome = await runOnce(
      "import time\nfor i in range(200):\n    with open('/tmp/fill-%d' % i, 'wb') as f:\n        f.write(b'x' * 4 * 2**20)\n    time.sleep(0.02)",
      30_000,
    );
    expect(outcome.error?.name).toBe('DiskLimitError');
    expect(outcome.error?.message).toContain('80 MB');
  });

  it('still gives the program only the fixed environment', async () => {
    const outcome = await runOnce('import os\nsorted(os.environ)');
    expect(outcome.value).toBe(
      "['HOME', 'LANG', 'MALLOC_ARENA_MAX', 'MKL_NUM_THREADS', 'MPLBACKEND', 'MPLCONFIGDIR', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PATH', 'PWD', 'PYTHONDONTWRITEBYTECODE', 'PYTHONUNBUFFERED', 'TMPDIR']",
    );
  });
});
