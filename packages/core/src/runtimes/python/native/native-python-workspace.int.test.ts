import { randomUUID } from 'node:crypto';
import {
  chownSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { sandboxRequest, testWorkspace } from '../../../../test/sandbox-runs';
import type { RunWorkspace } from '../../../workspace/run-workspace';
import { nativeTest as it } from './native-python-test-fixture';
import { sandboxUserId } from './workspace-mount-namespace';

// The run's workspace at /workspace: a bind mount of its host folder, with its limits enforced
// and nothing else of the host reachable. Hostile programs assert the exact outcome, and that
// the host folder holds what the program was allowed to make and nothing else.

const hostSecret = join(tmpdir(), `native-workspace-secret-${randomUUID()}`);
const py = (value: string) => JSON.stringify(value);

beforeAll(() => writeFileSync(hostSecret, 'host secret'));
afterAll(() => rmSync(hostSecret, { force: true }));

/** A workspace whose folder exists now (made by the host, as a session's is). */
function madeWorkspace(limits: Parameters<typeof testWorkspace>[0] = {}): RunWorkspace {
  return testWorkspace(limits, true);
}

/**
 * Writes a file into the workspace as the application does: on a root host, given to the user
 * the sandboxes run as (what the worker's `workerFileOwner` does for the application's files).
 */
function hostWrites(workspace: RunWorkspace, name: string, text: string): void {
  const path = join(workspace.folder(), name);
  writeFileSync(path, text);
  if (process.getuid?.() === 0) chownSync(path, sandboxUserId, sandboxUserId);
}

/** Names in the workspace's host folder, sorted. */
function namesIn(workspace: RunWorkspace): string[] {
  return readdirSync(workspace.folder()).sort();
}

describe('native Python workspace: what a program sees', () => {
  it('runs in /workspace, and files it writes land in the host folder (and back)', async ({
    runOnce,
  }) => {
    const workspace = madeWorkspace();
    hostWrites(workspace, 'input.txt', 'from the host');
    const outcome = await runOnce(
      [
        'import os',
        'print(os.getcwd())',
        "print(open('input.txt').read())",
        "os.makedirs('out/deep', exist_ok=True)",
        "open('out/deep/result.csv', 'w').write('a,b\\n1,2\\n')",
        "open('/workspace/input.txt', 'a').write(' and the program')",
      ].join('\n'),
      { workspace },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe('/workspace\nfrom the host\n');
    expect(readFileSync(join(workspace.folder(), 'out/deep/result.csv'), 'utf8')).toBe(
      'a,b\n1,2\n',
    );
    expect(readFileSync(join(workspace.folder(), 'input.txt'), 'utf8')).toBe(
      'from the host and the program',
    );
  });

  it('a run without a workspace sees an empty read-only /workspace and still runs', async ({
    runtime,
  }) => {
    const sandbox = await runtime.createSandbox({ memoryLimitMb: 128, stateful: false });
    try {
      const request = sandboxRequest(
        'python',
        "import os\nprint(os.getcwd(), os.listdir('.'))\ntry:\n    open('x', 'w')\nexcept OSError as e:\n    print(type(e).__name__, e.errno)",
      );
      delete request.workspace;
      const outcome = await sandbox.run(request);
      expect(outcome.error).toBeUndefined();
      expect(outcome.stdout).toBe('/workspace []\nOSError 30\n'); // EROFS
    } finally {
      await sandbox.dispose();
    }
  });

  it('a session sees files the host wrote between its runs, and keeps its own', async ({
    openSession,
  }) => {
    const session = await openSession();
    const workspace = madeWorkspace();
    const run = (code: string) =>
      session.sandbox.run(sandboxRequest('python', code, { workspace }));
    try {
      expect((await run("open('mine.txt', 'w').write('kept')\nsaved = 1")).error).toBeUndefined();
      hostWrites(workspace, 'uploaded.txt', 'between runs');
      const second = await run(
        "import os\nprint(sorted(os.listdir('.')), open('uploaded.txt').read(), saved)",
      );
      expect(second.error).toBeUndefined();
      expect(second.stdout).toBe("['mine.txt', 'uploaded.txt'] between runs 1\n");
      // A program that moved elsewhere still starts its next run in /workspace.
      await run("import os\nos.chdir('/tmp')");
      expect((await run('import os\nos.getcwd()')).value).toBe("'/workspace'");
    } finally {
      await session.disposeAndCheck();
    }
  });
});

describe('native Python workspace: what a program cannot do', () => {
  it('refuses symlinks, FIFOs and device nodes with EPERM, so the folder holds only files', async ({
    runOnce,
  }) => {
    const workspace = madeWorkspace();
    hostWrites(workspace, 'data.txt', 'x');
    const outcome = await runOnce(
      [
        'import os',
        'for name, call in [',
        "    ('symlink', lambda: os.symlink('/etc/passwd', 'x')),",
        "    ('symlink-relative', lambda: os.symlink('data.txt', 'y')),",
        "    ('mkfifo', lambda: os.mkfifo('fifo')),",
        "    ('mknod', lambda: os.mknod('node')),",
        ']:',
        '    try:',
        '        call()',
        "        print(name, 'made')",
        '    except OSError as error:',
        '        print(name, error.errno)',
      ].join('\n'),
      { workspace },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe(
      'symlink 1\nsymlink-relative 1\nmkfifo 1\nmknod 1\n', // EPERM each
    );
    expect(namesIn(workspace)).toEqual(['data.txt']);
  });

  it('cannot bind an AF_UNIX socket file into /workspace (Landlock), but can in /tmp', async ({
    runOnce,
  }) => {
    const workspace = madeWorkspace();
    const outcome = await runOnce(
      [
        'import socket',
        'for path in ["/workspace/sock", "sock", "/tmp/sock"]:',
        '    s = socket.socket(socket.AF_UNIX)',
        '    try:',
        '        s.bind(path)',
        "        print(path, 'bound')",
        '    except OSError as error:',
        '        print(path, error.errno)',
      ].join('\n'),
      { workspace },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe('/workspace/sock 13\nsock 13\n/tmp/sock bound\n'); // EACCES
    expect(namesIn(workspace)).toEqual([]);
  });

  it('reaches nothing of the host through /workspace/.. or a hard link (no link crosses a mount)', async ({
    runOnce,
  }) => {
    const workspace = madeWorkspace();
    const outcome = await runOnce(
      [
        'import os',
        "print(sorted(os.listdir('/workspace/..')))",
        "print(os.path.realpath('/workspace/../..'))",
        `print(os.path.exists(${py(hostSecret)}), os.path.exists('/workspace/..' + ${py(hostSecret)}))`,
        `print(os.path.exists(${py(workspace.folder())}))`,
        `for source in [${py(hostSecret)}, '/tmp/made-in-tmp', '/dev/shm/made-in-shm']:`,
        `    if source != ${py(hostSecret)}: open(source, 'w').write('x')`,
        '    try:',
        "        os.link(source, 'stolen')",
        "        print('linked', source)",
        '    except OSError as error:',
        '        print(error.errno, end=" ")',
      ].join('\n'),
      { workspace },
    );
    expect(outcome.error).toBeUndefined();
    const [root, realpath, secrets, ownFolder, link] = outcome.stdout.split('\n');
    expect(root).not.toContain('root');
    expect(root).not.toContain('home');
    expect(realpath).toBe('/');
    expect(secrets).toBe('False False');
    expect(ownFolder).toBe('False'); // the host path of the workspace means nothing inside
    expect(link).toBe('2 18 18 '); // ENOENT (the host file is not there), then EXDEV twice
    expect(namesIn(workspace)).toEqual([]);
    expect(readFileSync(hostSecret, 'utf8')).toBe('host secret');
  });
});

describe('native Python workspace: limits', () => {
  it('a file larger than maxFileBytes fails with EFBIG, and the program goes on', async ({
    runOnce,
  }) => {
    const workspace = madeWorkspace({ maxFileBytes: 1024 * 1024 });
    const outcome = await runOnce(
      [
        'import errno',
        'try:',
        "    with open('big.bin', 'wb') as f:",
        "        f.write(b'x' * (2 * 1024 * 1024))",
        'except OSError as error:',
        "    print('refused', errno.errorcode[error.errno])",
        "print('still running')",
      ].join('\n'),
      { workspace },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.stdout).toBe('refused EFBIG\nstill running\n');
    expect(lstatSync(join(workspace.folder(), 'big.bin')).size).toBeLessThanOrEqual(1024 * 1024);
  });

  it('stops a program that makes too many files, with WorkspaceLimitError, and keeps them', async ({
    runOnce,
  }) => {
    const workspace = madeWorkspace({ maxFiles: 200 });
    const outcome = await runOnce(
      "import os, time\nfor i in range(1_000_000):\n    open(f'f{i}', 'w').close()\n    if i % 500 == 0: time.sleep(0.01)\ntime.sleep(30)",
      { workspace, timeoutMs: 20_000 },
    );
    expect(outcome.error?.name).toBe('WorkspaceLimitError');
    expect(outcome.error?.message).toMatch(/more than 200 files and folders in \/workspace/);
    expect(outcome.error?.message).toMatch(/Write fewer, larger files/);
    expect(outcome).toMatchObject({ timedOut: false, reusable: false });
    const made = namesIn(workspace).length;
    expect(made).toBeGreaterThan(200);
    expect(made).toBeLessThan(1_000_000);
  });

  it('stops a program that fills the workspace past maxBytes, with WorkspaceLimitError', async ({
    runOnce,
  }) => {
    const workspace = madeWorkspace({ maxBytes: 8 * 1024 * 1024, maxFileBytes: 1024 * 1024 });
    const outcome = await runOnce(
      "import time\nfor i in range(1000):\n    open(f'part{i}', 'wb').write(b'x' * 512 * 1024)\n    time.sleep(0.01)\ntime.sleep(30)",
      { workspace, timeoutMs: 20_000 },
    );
    expect(outcome.error?.name).toBe('WorkspaceLimitError');
    expect(outcome.error?.message).toMatch(/came to more than 8 MB/);
    expect(outcome.error?.message).toMatch(/delete files it no longer needs/);
    expect(namesIn(workspace).length).toBeLessThan(1000);
  });

  it('keeps the files a program wrote before it timed out', async ({ runOnce }) => {
    const workspace = madeWorkspace();
    const outcome = await runOnce(
      "open('before.txt', 'w').write('written')\nimport time\ntime.sleep(60)",
      { workspace, timeoutMs: 1000 },
    );
    expect(outcome.error?.name).toBe('TimeoutError');
    expect(readFileSync(join(workspace.folder(), 'before.txt'), 'utf8')).toBe('written');
    // The mount went with the box: the folder is an ordinary folder again.
    rmSync(workspace.folder(), { recursive: true });
    expect(existsSync(workspace.folder())).toBe(false);
  });
});
