import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython, sandboxRequest, testWorkspace } from '../../../../test/sandbox-runs';
import type { RunWorkspace } from '../../../workspace/run-workspace';
import type { Sandbox, SandboxRunOutcome, SandboxRuntime } from '../../sandbox-runtime';
import { createPyodideRuntime } from './create-pyodide-runtime';

// Python programs in Pyodide see the run's workspace at /workspace, their working directory,
// through a file system whose every operation is a call to the worker (RunWorkspace.call).

let runtime: SandboxRuntime;

beforeAll(async () => {
  runtime = createPyodideRuntime();
  await (await runtime.createSandbox({ memoryLimitMb: 128, stateful: false })).dispose();
});

afterAll(async () => {
  await runtime?.close();
});

/** Runs `code` in a fresh stateless sandbox over `workspace`; it prints one JSON value. */
async function runJson(workspace: RunWorkspace, code: string): Promise<unknown> {
  const outcome = await runPython(runtime, `import json\n${code}`, { workspace });
  expect(outcome.error).toBeUndefined();
  return JSON.parse(outcome.stdout);
}

/** `errno.errorcode` of the OSError `expression` raises, as text (`'ENOENT'`), or 'no error'. */
const errnoOf = `
import errno as _errno
def errno_of(action):
    try:
        action()
    except OSError as error:
        return type(error).__name__ + ' ' + _errno.errorcode.get(error.errno, str(error.errno))
    return 'no error'
`;

async function withSession<T>(use: (session: Sandbox) => Promise<T>): Promise<T> {
  const session = await runtime.createSandbox({ memoryLimitMb: 128, stateful: true });
  try {
    return await use(session);
  } finally {
    await session.dispose();
  }
}

function expectNoHostDetail(outcome: SandboxRunOutcome, workspace: RunWorkspace): void {
  const text = JSON.stringify(outcome);
  expect(text).not.toContain(workspace.folder());
  expect(text).not.toContain('code-interpreter-test-workspaces');
  expect(text).not.toMatch(/\.(ts|js|mjs):\d+/);
}

describe('Pyodide /workspace: files written and read by Python land in the run workspace', () => {
  it('starts in /workspace and round-trips text, bytes and appends through the host folder', async () => {
    const workspace = testWorkspace();
    const value = await runJson(
      workspace,
      `import os
cwd = os.getcwd()
with open('notes.txt', 'w') as f:
    f.write('héllo\\n')
with open('/workspace/notes.txt', 'a') as f:
    f.write('again\\n')
with open('blob.bin', 'wb') as f:
    f.write(bytes(range(256)))
with open('notes.txt') as f:
    text = f.read()
with open('blob.bin', 'rb') as f:
    f.seek(250)
    tail = list(f.read())
with open('blob.bin', 'r+b') as f:
    f.seek(2)
    f.write(b'XY')
print(json.dumps([cwd, text, tail, os.path.getsize('blob.bin')]))`,
    );
    expect(value).toEqual(['/workspace', 'héllo\nagain\n', [250, 251, 252, 253, 254, 255], 256]);
    const folder = workspace.folder();
    expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('héllo\nagain\n');
    const blob = readFileSync(join(folder, 'blob.bin'));
    expect([...blob.subarray(0, 5)]).toEqual([0, 1, 0x58, 0x59, 4]);
    expect(blob.length).toBe(256);
  });

  it('reads files the host put in the workspace before the run', async () => {
    const workspace = testWorkspace({}, true);
    mkdirSync(join(workspace.folder(), 'data'));
    writeFileSync(join(workspace.folder(), 'data', 'in.csv'), 'name,score\nada,3\nbob,5\n');
    const value = await runJson(
      workspace,
      `import csv
with open('data/in.csv', newline='') as f:
    rows = list(csv.DictReader(f))
print(json.dumps([sum(int(row['score']) for row in rows), sorted(__import__('os').listdir('data'))]))`,
    );
    expect(value).toEqual([8, ['in.csv']]);
  });

  it('supports os, shutil, pathlib, csv and json on /workspace', async () => {
    const workspace = testWorkspace();
    const value = await runJson(
      workspace,
      `import os, shutil, csv, pathlib
os.makedirs('a/b/c', exist_ok=True)
os.makedirs('a/b/c', exist_ok=True)
pathlib.Path('a/b/c/deep.txt').write_text('deep')
with open('table.csv', 'w', newline='') as f:
    csv.writer(f).writerows([['x', 'y'], [1, 2]])
with open('data.json', 'w') as f:
    json.dump({'k': [1, 2, 3]}, f)
shutil.copy('data.json', 'a/copy.json')
os.rename('table.csv', 'a/table.csv')
os.rename('a/copy.json', 'data.json')
st = os.stat('a/b/c/deep.txt')
entries = sorted((e.name, e.is_dir(), e.is_file()) for e in os.scandir('a'))
walked = sorted(root for root, dirs, files in os.walk('.'))
globbed = sorted(str(p) for p in pathlib.Path('.').rglob('*.txt'))
with open('data.json') as f:
    loaded = json.load(f)
os.remove('data.json')
shutil.rmtree('a/b')
os.mkdir('empty')
os.rmdir('empty')
print(json.dumps([st.st_size, os.path.isdir('a'), entries, walked, globbed, loaded, sorted(os.listdir('.')), sorted(os.listdir('a'))]))`,
    );
    expect(value).toEqual([
      4,
      true,
      [
        ['b', true, false],
        ['table.csv', false, true],
      ],
      ['.', './a', './a/b', './a/b/c'],
      ['a/b/c/deep.txt'],
      { k: [1, 2, 3] },
      ['a'],
      ['table.csv'],
    ]);
    expect(readdirSync(workspace.folder())).toEqual(['a']);
    expect(readFileSync(join(workspace.folder(), 'a', 'table.csv'), 'utf8')).toBe('x,y\r\n1,2\r\n');
  });

  it('asks nothing of the worker when the program touches no file (a stateless folder is never made)', async () => {
    const workspace = testWorkspace();
    const outcome = await runPython(runtime, 'import sqlite3, zipfile, email.message\nprint(1)', {
      workspace,
    });
    expect(outcome.stdout).toBe('1\n');
    expect(workspace.used).toBe(false);
  });

  it('writes and reads back 1 MB', async () => {
    const workspace = testWorkspace();
    const value = await runJson(
      workspace,
      `data = bytes(range(256)) * 4096
with open('big.bin', 'wb') as f:
    f.write(data)
with open('big.bin', 'rb') as f:
    back = f.read()
print(json.dumps([len(back), back == data]))`,
    );
    expect(value).toEqual([1_048_576, true]);
    expect(readFileSync(join(workspace.folder(), 'big.bin')).length).toBe(1_048_576);
  });
});

describe('Pyodide /workspace: refusals are OSErrors with the right errno', () => {
  it('reports missing files, existing folders, non-empty folders and directories as Python does', async () => {
    const workspace = testWorkspace();
    const value = await runJson(
      workspace,
      `${errnoOf}
import os
os.makedirs('full/sub')
print(json.dumps([
    errno_of(lambda: open('missing.txt')),
    errno_of(lambda: os.mkdir('full')),
    errno_of(lambda: os.rmdir('full')),
    errno_of(lambda: os.remove('full')),
    errno_of(lambda: open('full', 'w')),
    errno_of(lambda: os.listdir('missing')),
    errno_of(lambda: open('missing/x.txt', 'w')),
    errno_of(lambda: os.rename('missing.txt', 'other.txt')),
]))`,
    );
    expect(value).toEqual([
      'FileNotFoundError ENOENT',
      'FileExistsError EEXIST',
      'OSError ENOTEMPTY',
      'IsADirectoryError EISDIR',
      'IsADirectoryError EISDIR',
      'FileNotFoundError ENOENT',
      'FileNotFoundError ENOENT',
      'FileNotFoundError ENOENT',
    ]);
  });

  it('refuses to make symbolic links and names only sandbox paths', async () => {
    const workspace = testWorkspace();
    const outcome = await runPython(
      runtime,
      `import os
open('target.txt', 'w').close()
os.symlink('target.txt', 'link.txt')`,
      { workspace },
    );
    expect(outcome.error).toMatchObject({ name: 'PermissionError', line: 3 });
    expect(outcome.error?.message).toContain("'target.txt' -> 'link.txt'");
    expect(readdirSync(workspace.folder())).toEqual(['target.txt']);
    expectNoHostDetail(outcome, workspace);
  });

  it('refuses a file larger than the limit (EFBIG) and a full workspace (ENOSPC), keeping what fit', async () => {
    const workspace = testWorkspace({ maxBytes: 64 * 1024, maxFileBytes: 16 * 1024, maxFiles: 10 });
    const outcome = await runPython(
      runtime,
      `${errnoOf}
import json
def big():
    with open('big.bin', 'wb') as f:
        f.write(b'x' * (16 * 1024 + 1))
def fill():
    for index in range(10):
        with open(f'part{index}.bin', 'wb') as f:
            f.write(b'y' * (15 * 1024))
def many():
    for index in range(20):
        open(f'empty{index}.txt', 'w').close()
print(json.dumps([errno_of(big), errno_of(fill), errno_of(many)]))`,
      { workspace },
    );
    expect(outcome.error).toBeUndefined();
    expect(JSON.parse(outcome.stdout)).toEqual([
      'OSError EFBIG',
      'OSError ENOSPC',
      'OSError ENOSPC',
    ]);
    expect(outcome.reusable).toBe(true);
    const folder = workspace.folder();
    // The parts that fit are whole; the refused writes left nothing of themselves.
    const parts = readdirSync(folder).filter((name) => name.startsWith('part'));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    let total = 0;
    for (const name of readdirSync(folder)) total += readFileSync(join(folder, name)).length;
    expect(total).toBeLessThanOrEqual(64 * 1024);
    expect(readdirSync(folder).length).toBeLessThanOrEqual(10);
    expectNoHostDetail(outcome, workspace);
  });
});

describe('Pyodide /workspace: confinement', () => {
  it("never reaches the host's files through .. or absolute paths", async () => {
    const workspace = testWorkspace();
    const value = await runJson(
      workspace,
      `${errnoOf}
import os
def read(path):
    try:
        with open(path) as f:
            return f.read()[:200]
    except OSError as error:
        return type(error).__name__
with open('/workspace/../escaped.txt', 'w') as f:
    f.write('in the sandbox root')
print(json.dumps([
    read('/workspace/../etc/passwd'),
    read('../../../../etc/passwd'),
    read('/etc/passwd'),
    os.path.realpath('/workspace/..'),
    sorted(os.listdir('/workspace')),
    'escaped.txt' in os.listdir('/'),
]))`,
    );
    const [viaWorkspace, relative, absolute, parent, listing, escapedInRoot] = value as unknown[];
    for (const read of [viaWorkspace, relative, absolute]) {
      expect(read).not.toContain('root:');
    }
    expect(parent).toBe('/');
    expect(listing).toEqual([]);
    // The write went to the sandbox's own memory file system, not next to the host folder.
    expect(escapedInRoot).toBe(true);
    expect(readdirSync(workspace.folder())).toEqual([]);
    expect(existsSync(join(workspace.folder(), '..', 'escaped.txt'))).toBe(false);
  });

  it('refuses a symbolic link the host folder holds instead of following it', async () => {
    const workspace = testWorkspace({}, true);
    const secret = join(workspace.folder(), '..', `secret-${Date.now()}.txt`);
    writeFileSync(secret, 'host secret');
    symlinkSync(secret, join(workspace.folder(), 'link.txt'));
    try {
      const outcome = await runPython(
        runtime,
        `${errnoOf}
import json, os
def read():
    with open('link.txt') as f:
        return f.read()
print(json.dumps([errno_of(read), errno_of(lambda: os.stat('link.txt')), os.listdir('.')]))`,
        { workspace },
      );
      expect(outcome.error).toBeUndefined();
      expect(JSON.parse(outcome.stdout)).toEqual(['OSError ELOOP', 'OSError ELOOP', []]);
      expect(JSON.stringify(outcome)).not.toContain('host secret');
      expectNoHostDetail(outcome, workspace);
    } finally {
      rmSync(secret, { force: true });
    }
  });

  it("gives Python and import js nothing of the bridge's host side", async () => {
    const workspace = testWorkspace();
    const outcome = await runPython(
      runtime,
      `import js, pyodide_js
from pyodide.code import run_js
names = run_js("Object.getOwnPropertyNames(globalThis).filter(n => /workspace|bridge|ivm|callback|host/i.test(n)).join()")
mount = pyodide_js.FS.lookupPath('/workspace').node.mount
opts = list(run_js("(o) => Object.getOwnPropertyNames(o)")(mount.opts))
type_keys = sorted(run_js("(t) => Object.getOwnPropertyNames(t)")(mount.type))
# The file system's own functions, called directly with paths outside the workspace, stay confined.
root = mount.root
def attempt(action):
    try:
        action()
        return 'no error'
    except Exception as error:
        return type(error).__name__
escapes = [
    attempt(lambda: mount.type.node_ops.lookup(root, '../../../../etc')),
    attempt(lambda: mount.type.node_ops.unlink(root, '../../etc/passwd')),
    attempt(lambda: mount.type.node_ops.mknod(root, '../outside.txt', 0o100666, 0)),
]
[names, opts, type_keys, escapes]`,
      { workspace },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe(
      "['', [], ['mount', 'node_ops', 'stream_ops'], ['JsException', 'JsException', 'JsException']]",
    );
    expect(existsSync(join(workspace.folder(), '..', 'outside.txt'))).toBe(false);
  });
});

describe('Pyodide /workspace: hostile calls into the file system', () => {
  it('refuses arguments that cannot cross to the worker, and the session carries on', async () => {
    const workspace = testWorkspace();
    await withSession(async (session) => {
      const outcome = await session.run(
        sandboxRequest(
          'python',
          `import pyodide_js
from pyodide.code import run_js
mount = pyodide_js.FS.lookupPath('/workspace').node.mount
hostile = run_js("(t, root) => { const results = []; const tries = [" +
    "() => t.node_ops.lookup(root, { toString() { return 'x'; } })," +
    "() => t.node_ops.lookup(root, new Proxy({}, { get() { throw new Error('trap'); } }))," +
    "() => t.stream_ops.write({ node: root, nfd: 3, workspaceRun: 0, shared: {} }, new Uint8Array(4), 0, 4, 0)," +
    "() => t.stream_ops.read({ node: root, nfd: () => 1, shared: {} }, new Uint8Array(4), 0, 4, 0)," +
    "]; for (const attempt of tries) { try { attempt(); results.push('no error'); } catch (e) { results.push(e && e.name === 'ErrnoError' ? 'errno ' + e.errno : 'thrown'); } } return results.join(); }")
hostile(mount.type, mount.root)`,
          { workspace },
        ),
      );
      expect(outcome.error).toBeUndefined();
      // Each attempt fails inside the sandbox; none reaches a file or upsets the worker.
      expect(outcome.value).not.toContain('no error');
      expect(outcome.reusable).toBe(true);
      const after = await session.run(
        sandboxRequest('python', "open('ok.txt', 'w').write('still fine')\nopen('ok.txt').read()", {
          workspace,
        }),
      );
      expect(after.value).toBe("'still fine'");
    });
  });
});

describe('Pyodide /workspace: sessions and the current run', () => {
  it('reaches the same workspace every run, sees host changes between runs, resets the working directory', async () => {
    const workspace = testWorkspace({}, true);
    const folder = workspace.folder();
    await withSession(async (session) => {
      const run = async (code: string) => {
        const outcome = await session.run(sandboxRequest('python', code, { workspace }));
        expect(outcome.error).toBeUndefined();
        return outcome.value;
      };
      expect(
        await run(`import os
open('kept.txt', 'w').write('from run 1')
open('to-folder', 'w').write('a file')
os.makedirs('to-file', exist_ok=True)
os.makedirs('sub', exist_ok=True)
os.chdir('sub')
[sorted(os.listdir('/workspace')), os.path.isfile('/workspace/to-folder'), os.path.isdir('/workspace/to-file')]`),
      ).toBe("[['kept.txt', 'sub', 'to-file', 'to-folder'], True, True]");
      // Between runs the host changes the folder: a file added, one removed, a file turned into
      // a folder and a folder into a file (Emscripten's node cache of the first run knew them).
      writeFileSync(join(folder, 'from-host.txt'), 'written by the host');
      rmSync(join(folder, 'kept.txt'));
      rmSync(join(folder, 'to-folder'));
      mkdirSync(join(folder, 'to-folder'));
      rmSync(join(folder, 'to-file'), { recursive: true });
      writeFileSync(join(folder, 'to-file'), 'now a file');
      expect(
        await run(`open('to-folder/inner.txt', 'w').write('inside')
with open('to-file', 'a') as f:
    f.write(', appended')
[os.getcwd(), open('from-host.txt').read(), os.path.exists('kept.txt'), sorted(os.listdir('.'))]`),
      ).toBe(
        "['/workspace', 'written by the host', False, ['from-host.txt', 'sub', 'to-file', 'to-folder']]",
      );
      expect(readFileSync(join(folder, 'to-folder', 'inner.txt'), 'utf8')).toBe('inside');
      expect(readFileSync(join(folder, 'to-file'), 'utf8')).toBe('now a file, appended');
    });
  });

  it("reaches each run's own workspace, and a file left open in another workspace is refused there", async () => {
    const first = testWorkspace();
    const second = testWorkspace();
    await withSession(async (session) => {
      const one = await session.run(
        sandboxRequest(
          'python',
          `left_open = open('first.txt', 'w')\nleft_open.write('x')\nleft_open.flush()`,
          {
            workspace: first,
          },
        ),
      );
      expect(one.error).toBeUndefined();
      first.endRun();
      const two = await session.run(
        sandboxRequest(
          'python',
          `${errnoOf}
import os
listing = sorted(os.listdir('.'))
# Descriptor numbers are unique in the worker: the old one never names a file of this workspace.
with open('second.txt', 'w') as mine:
    def late_write():
        left_open.write('into the wrong file')
        left_open.flush()
    refused = errno_of(late_write)
    mine.write('mine')
[listing, refused, open('second.txt').read()]`,
          { workspace: second },
        ),
      );
      expect(two.error).toBeUndefined();
      expect(two.value).toBe("[[], 'OSError EBADF', 'mine']");
      expect(readFileSync(join(first.folder(), 'first.txt'), 'utf8')).toBe('x');
      expect(readdirSync(second.folder())).toEqual(['second.txt']);
    });
  });

  it('without a workspace, /workspace is an empty read-only folder and the sandbox carries on', async () => {
    await withSession(async (session) => {
      const request = sandboxRequest(
        'python',
        `${errnoOf}
import os
[os.getcwd(), os.listdir('.'), os.path.exists('x.txt'), errno_of(lambda: open('x.txt')), errno_of(lambda: open('x.txt', 'w')), errno_of(lambda: os.mkdir('d'))]`,
      );
      delete request.workspace;
      const outcome = await session.run(request);
      expect(outcome.error).toBeUndefined();
      expect(outcome.value).toBe(
        "['/workspace', [], False, 'FileNotFoundError ENOENT', 'OSError EROFS', 'OSError EROFS']",
      );
      expect(outcome.reusable).toBe(true);
      expect((await session.run(sandboxRequest('python', '1 + 1'))).value).toBe('2');
    });
  });

  it('keeps the files written before a run hit its deadline', async () => {
    const workspace = testWorkspace();
    const outcome = await runPython(
      runtime,
      `with open('before.txt', 'w') as f:
    f.write('written before the deadline')
with open('endless.txt', 'w') as f:
    while True:
        f.write('x' * 1024)
        f.flush()
        f.seek(0)`,
      { workspace, timeoutMs: 1_500 },
    );
    expect(outcome.timedOut).toBe(true);
    expect(outcome.error?.name).toBe('TimeoutError');
    expect(readFileSync(join(workspace.folder(), 'before.txt'), 'utf8')).toBe(
      'written before the deadline',
    );
    expect(readFileSync(join(workspace.folder(), 'endless.txt')).length).toBe(1024);
  });
});
