import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { cgroupParents, detectCgroupSupport } from './cgroup-support';
import { createNativePythonRuntime } from './create-native-python-runtime';
import { nativeTest } from './native-python-test-fixture';

const it = nativeTest.extend({
  runtime: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take a destructured context
    async ({}, use) => {
      const runtime = createNativePythonRuntime({ maxProcesses: 32 }, { zygote: true });
      await use(runtime);
      await runtime.close();
    },
    { scope: 'file' },
  ],
});

/** A file's text, or '' once it is gone (a cgroup removed meanwhile). */
function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

// Every sandbox is a fork of one zygote (see code_interpreter_native_zygote.py). A run's state
// must not reach the next sandbox, nor a sandbox alive at the same time (its sibling).

describe.skipIf(process.platform !== 'linux')('native Python: a fresh sandbox starts clean', () => {
  it('does not see globals, imports or patched modules of an earlier run', async ({ runOnce }) => {
    const first = await runOnce(
      [
        'import json, os, sys, types',
        'leaked_global = 42',
        'json.dumps = lambda *a, **k: "patched"',
        'os.environ["LEAKED"] = "1"',
        'sys.modules["leaked_module"] = types.ModuleType("leaked_module")',
        'sys.path.insert(0, "/tmp/leaked")',
        'import builtins; builtins.leaked_builtin = 1',
        'json.dumps({})',
      ].join('\n'),
    );
    expect(first.value).toBe("'patched'");
    const next = await runOnce(
      [
        'import json, os, sys, builtins',
        'print("leaked_global" in globals(), json.dumps({}), "LEAKED" in os.environ,',
        '      "leaked_module" in sys.modules, "/tmp/leaked" in sys.path, hasattr(builtins, "leaked_builtin"))',
      ].join('\n'),
    );
    expect(next.stdout).toBe('False {} False False False False\n');
  });

  it('does not see files of an earlier or a concurrent sandbox', async ({
    runOnce,
    openSession,
  }) => {
    const write =
      'import os\nfor path in ("/tmp/leak", os.path.expanduser("~/leak-home"), "/dev/shm/leak"):\n    open(path, "w").write("x")\nsorted(os.listdir("/tmp"))';
    expect((await runOnce(write)).error).toBeUndefined();
    const alive = await openSession();
    expect((await alive.run(write)).error).toBeUndefined();
    const look = await runOnce(
      'import os\nprint([p for p in ("/tmp/leak", "/tmp/leak-home", "/dev/shm/leak") if os.path.exists(p)], [n for n in os.listdir("/tmp") if n != ".matplotlib"], os.listdir("/dev/shm"), os.listdir("/workspace"))',
    );
    expect(look.stdout).toBe('[] [] [] []\n');
    await alive.disposeAndCheck();
  });

  it('reseeds random in every sandbox; a seed set by one run does not carry over', async ({
    runOnce,
  }) => {
    const draw = 'import random, os\nprint(random.getrandbits(64), os.urandom(8).hex())';
    const a = await runOnce(draw);
    await runOnce('import random\nrandom.seed(1)');
    const b = await runOnce(draw);
    const seeded = await runOnce('import random\nrandom.seed(1)\nprint(random.getrandbits(64))');
    expect(a.stdout).not.toBe(b.stdout);
    expect(b.stdout.split(' ')[0]).not.toBe(seeded.stdout.trim());
  });

  it('leaves no thread or forked grandchild behind, and the next run is unaffected', async ({
    runOnce,
  }) => {
    // runOnce checks that every host process of the sandbox is gone after dispose.
    const first = await runOnce(
      [
        'import os, threading, time',
        'threading.Thread(target=lambda: [time.sleep(0.01) or open("/tmp/t", "a") for _ in iter(int, 1)], daemon=True).start()',
        'if os.fork() == 0:',
        '    os.setsid()',
        '    if os.fork() == 0:',
        '        while True: time.sleep(1)',
        '    os._exit(0)',
        'leak = bytearray(64 * 1024 * 1024)',
        '"started"',
      ].join('\n'),
    );
    expect(first.value).toBe("'started'");
    const next = await runOnce(
      'import os, threading\nprint(sorted(int(p) for p in os.listdir("/proc") if p.isdigit()), threading.active_count() - 1, os.path.exists("/tmp/t"))',
    );
    // pid 1 is the box's init, pid 2 the server; the server's output thread is its only thread.
    expect(next.stdout).toBe('[1, 2] 1 False\n');
    expect(next.memoryUsedMb ?? 0).toBeLessThan(60);
  });

  it('cannot see, signal or connect to a concurrent sandbox', async ({ runOnce, openSession }) => {
    const alive = await openSession();
    const setup = await alive.run(
      'import os, socket\nserver = socket.socket(socket.AF_UNIX)\nserver.bind("\\0code-interpreter-sibling")\nserver.listen(1)\nos.getpid()',
    );
    expect(setup.error).toBeUndefined();
    const attack = await runOnce(
      [
        'import os, signal, socket',
        'seen = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())',
        'killed = []',
        'own = set(os.listdir("/proc/self/task"))',
        'for pid in range(1, 4096):',
        '    if str(pid) in own:  # itself and its own threads',
        '        continue',
        '    try:',
        '        os.kill(pid, signal.SIGKILL)',
        '        killed.append(pid)',
        '    except (ProcessLookupError, PermissionError):',
        '        pass',
        'client = socket.socket(socket.AF_UNIX)',
        'try:',
        '    client.connect("\\0code-interpreter-sibling")',
        '    reached = True',
        'except OSError:',
        '    reached = False',
        'print(seen, killed, reached)',
      ].join('\n'),
    );
    // Only its own init (pid 1) can be named, and the kernel ignores SIGKILL sent to it from inside.
    expect(attack.stdout).toBe('[1, 2] [1] False\n');
    expect((await alive.run('server.getsockname()')).value).toBe(
      "b'\\x00code-interpreter-sibling'",
    );
    await alive.disposeAndCheck();
  });

  it('a crash or a timeout does not affect the next sandbox', async ({ runOnce }) => {
    const crashed = await runOnce('import os\nos.abort()');
    expect(crashed.error).toBeDefined();
    const timedOut = await runOnce('while True: pass', { timeoutMs: 500 });
    expect(timedOut.timedOut).toBe(true);
    const next = await runOnce('6 * 7');
    expect(next.value).toBe('42');
  });

  it('cannot borrow its init’s capabilities, open its memory or undo the mounts that hide the other boxes', async ({
    runOnce,
  }) => {
    const outcome = await runOnce(
      [
        'import ctypes, os',
        'def reach(path):',
        '    try:',
        '        open(path, "rb").close() if path.endswith("mem") else os.listdir(path)',
        '        return True',
        '    except OSError:',
        '        return False',
        'caps = {line.split()[1] for pid in ("1", "self") for line in open("/proc/%s/status" % pid) if line.startswith(("CapEff", "CapPrm", "CapBnd"))}',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'print([reach(p) for p in ("/proc/1/mem", "/proc/1/root", "/proc/1/fd")], sorted(caps), libc.umount2(b"/tmp", 2), os.path.exists("/tmp/.code-interpreter"), len(open("/proc/self/environ", "rb").read()) > 0)',
      ].join('\n'),
    );
    expect(outcome.stdout).toBe("[False, False, False] ['0000000000000000'] -1 False True\n");
  });

  it('does not report the memory limit to a box because an earlier box in its cgroup hit it', async ({
    runOnce,
  }) => {
    const hog = await runOnce('kept = []\nwhile True: kept.append(bytearray(8 * 1024 * 1024))', {
      memoryLimitMb: 64,
    });
    expect(hog.error?.name).toBe('MemoryLimitError');
    // Boxes with the same limits get the emptied cgroup again (see BoxCgroupPool): each starts
    // with its own count of OOM kills, and none of the hog's memory.
    for (let run = 0; run < 3; run++) {
      const next = await runOnce('import os\nos._exit(3)', { memoryLimitMb: 64 });
      expect(next.error?.name).not.toBe('MemoryLimitError');
      expect((await runOnce('sum(range(10))', { memoryLimitMb: 64 })).value).toBe('45');
    }
  });

  it('kills a timed-out box with everything it started and leaves its cgroup empty', async ({
    runOnce,
  }) => {
    const support = detectCgroupSupport();
    /** The tasks left in this process's box cgroups (kept for later boxes, or being removed). */
    const tasksInOwnCgroups = () =>
      (support ? cgroupParents(support) : []).flatMap((parent) => {
        try {
          return readdirSync(parent)
            .filter((name) => name.startsWith(`${process.pid}-`))
            .flatMap((name) => readText(join(parent, name, 'cgroup.procs')).split('\n'))
            .filter((word) => word.trim() !== '');
        } catch {
          return [];
        }
      });
    // runOnce checks that no host process of the box is left after dispose.
    const outcome = await runOnce(
      [
        'import os, signal, subprocess, sys',
        'signal.signal(signal.SIGTERM, signal.SIG_IGN)',
        "subprocess.Popen([sys.executable, '-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)'], start_new_session=True)",
        'while True: pass',
      ].join('\n'),
      { timeoutMs: 1000 },
    );
    expect(outcome).toMatchObject({ timedOut: true, reusable: false });
    expect(tasksInOwnCgroups()).toEqual([]);
    expect((await runOnce('6 * 7')).value).toBe('42');
  });
});
