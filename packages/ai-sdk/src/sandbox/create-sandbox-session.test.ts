import { InvalidInputError, RunAbortedError, WorkspaceError } from '@code-interpreter/core';
import { MockCodeInterpreter } from '@code-interpreter/core/test';
import { test as baseTest, describe, expect, it } from 'vitest';
import { type CodeInterpreterSandboxSession, createSandboxSession } from './create-sandbox-session';

// Every method of the AI SDK's SandboxSession contract, over a scripted interpreter whose session
// has real files (a private temporary folder) and a scripted `exec`.

const decoder = new TextDecoder();

async function collect(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function stream(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

/** The refusal `promise` rejects with, as `{ name, code }`. */
async function refusal(promise: PromiseLike<unknown>) {
  try {
    await promise;
  } catch (error) {
    return {
      workspaceError: WorkspaceError.isInstance(error),
      code: (error as { code?: string }).code,
      message: (error as Error).message,
    };
  }
  throw new Error('expected a rejection');
}

const test = baseTest.extend<{
  interpreter: MockCodeInterpreter;
  sandbox: CodeInterpreterSandboxSession;
}>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies first.
  interpreter: async ({}, use) => {
    const interpreter = new MockCodeInterpreter({
      exec: ({ input }) => ({ stdout: `ran: ${input.command}\n`, exitCode: 0 }),
    });
    await use(interpreter);
    await interpreter.close();
  },
  sandbox: async ({ interpreter }, use) => {
    const sandbox = createSandboxSession({ interpreter });
    await use(sandbox);
    await sandbox.close();
  },
});

describe('createSandboxSession: files', () => {
  test('writes and reads text, resolving relative paths against /workspace', async ({
    sandbox,
  }) => {
    await sandbox.writeTextFile({ path: 'notes.txt', content: 'line 1\nline 2\nline 3\n' });
    expect(await sandbox.readTextFile({ path: '/workspace/notes.txt' })).toBe(
      'line 1\nline 2\nline 3\n',
    );
    expect(await sandbox.session.files.readText('notes.txt')).toBe('line 1\nline 2\nline 3\n');
    expect(sandbox.workingDirectory).toBe('/workspace');
  });

  test('reads 1-based inclusive line ranges; an end past the last line reads to the end', async ({
    sandbox,
  }) => {
    await sandbox.writeTextFile({ path: 'lines.txt', content: 'a\nb\nc\nd\n' });
    const read = (startLine?: number, endLine?: number) =>
      sandbox.readTextFile({ path: 'lines.txt', startLine, endLine });
    expect(await read(2, 3)).toBe('b\nc');
    expect(await read(2)).toBe('b\nc\nd\n');
    expect(await read(undefined, 1)).toBe('a');
    expect(await read(3, 99)).toBe('c\nd\n');
    expect(await read(9, 12)).toBe('');
    expect(await read(0, 1)).toBe('a');
    await sandbox.writeTextFile({ path: 'crlf.txt', content: 'x\r\ny\r\nz' });
    expect(await sandbox.readTextFile({ path: 'crlf.txt', startLine: 2, endLine: 3 })).toBe(
      'y\r\nz',
    );
  });

  test('encodes and decodes the requested encoding, and names the ones it knows when asked for another', async ({
    sandbox,
  }) => {
    await sandbox.writeTextFile({ path: 'latin.txt', content: 'café', encoding: 'latin1' });
    expect(await sandbox.readBinaryFile({ path: 'latin.txt' })).toEqual(
      new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
    );
    expect(await sandbox.readTextFile({ path: 'latin.txt', encoding: 'latin1' })).toBe('café');
    expect(await sandbox.readTextFile({ path: 'latin.txt' })).toBe('caf\ufffd');
    await expect(sandbox.readTextFile({ path: 'latin.txt', encoding: 'klingon' })).rejects.toThrow(
      /Unknown text encoding "klingon": use one of utf-8/,
    );
  });

  test('round-trips bytes, and streams both ways', async ({ sandbox }) => {
    const payload = new Uint8Array([0, 1, 2, 255, 254, 0, 128]);
    await sandbox.writeBinaryFile({ path: 'bytes.bin', content: payload });
    const read = await sandbox.readBinaryFile({ path: 'bytes.bin' });
    expect(read).toBeInstanceOf(Uint8Array);
    expect(Array.from(read ?? [])).toEqual(Array.from(payload));

    await sandbox.writeFile({ path: 'streamed.txt', content: stream('stre', 'amed') });
    const readable = await sandbox.readFile({ path: 'streamed.txt' });
    expect(readable).toBeInstanceOf(ReadableStream);
    expect(await collect(readable as ReadableStream<Uint8Array>)).toBe('streamed');
  });

  test('creates missing parent folders and overwrites an existing file', async ({ sandbox }) => {
    await sandbox.writeTextFile({ path: 'a/b/c/deep.txt', content: 'first' });
    await sandbox.writeTextFile({ path: 'a/b/c/deep.txt', content: 'second' });
    expect(await sandbox.readTextFile({ path: 'a/b/c/deep.txt' })).toBe('second');
    expect(await sandbox.stat({ path: 'a/b' })).toEqual({ type: 'directory', size: 0 });
  });

  test('resolves null for every read of a missing file (or a path through a file)', async ({
    sandbox,
  }) => {
    await sandbox.writeTextFile({ path: 'file.txt', content: 'x' });
    for (const path of ['missing.txt', 'no/such/dir/x', 'file.txt/below']) {
      expect(await sandbox.readFile({ path })).toBeNull();
      expect(await sandbox.readBinaryFile({ path })).toBeNull();
      expect(await sandbox.readTextFile({ path })).toBeNull();
      expect(await sandbox.stat({ path })).toBeNull();
    }
    expect(await sandbox.listDirectory({ path: 'missing' })).toBeNull();
    expect(await sandbox.deleteFile({ path: 'missing.txt' })).toBe(false);
  });

  test('rejects writing over a folder, and reading one as a file', async ({ sandbox }) => {
    await sandbox.writeTextFile({ path: 'dir/inside.txt', content: 'x' });
    expect(await refusal(sandbox.writeTextFile({ path: 'dir', content: 'y' }))).toMatchObject({
      workspaceError: true,
      code: 'EISDIR',
    });
    expect(await refusal(sandbox.readTextFile({ path: 'dir' }))).toMatchObject({
      workspaceError: true,
      code: 'EISDIR',
    });
    expect(await sandbox.readTextFile({ path: 'dir/inside.txt' })).toBe('x');
  });

  test('stats files and folders', async ({ sandbox }) => {
    await sandbox.writeTextFile({ path: 'five.txt', content: '12345' });
    expect(await sandbox.stat({ path: 'five.txt' })).toEqual({ type: 'file', size: 5 });
    expect(await sandbox.stat({ path: '/workspace' })).toEqual({ type: 'directory', size: 0 });
  });

  test('lists one level of a folder by name, and rejects listing a file', async ({ sandbox }) => {
    await sandbox.writeTextFile({ path: 'src/main.py', content: 'print(1)' });
    await sandbox.writeTextFile({ path: 'src/lib/util.py', content: '' });
    await sandbox.writeTextFile({ path: 'README.md', content: '# hi' });
    const root = await sandbox.listDirectory({ path: '.' });
    expect(root?.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'README.md', type: 'file' },
      { name: 'src', type: 'directory' },
    ]);
    expect(await sandbox.listDirectory({ path: '/workspace/src' })).toEqual(
      expect.arrayContaining([
        { name: 'lib', type: 'directory' },
        { name: 'main.py', type: 'file' },
      ]),
    );
    expect(await refusal(sandbox.listDirectory({ path: 'README.md' }))).toMatchObject({
      workspaceError: true,
      code: 'ENOTDIR',
    });
  });

  test('deletes a file (true), answers false when it is gone, and rejects a folder', async ({
    sandbox,
  }) => {
    await sandbox.writeTextFile({ path: 'dir/gone.txt', content: 'x' });
    expect(await sandbox.deleteFile({ path: 'dir/gone.txt' })).toBe(true);
    expect(await sandbox.stat({ path: 'dir/gone.txt' })).toBeNull();
    expect(await sandbox.deleteFile({ path: 'dir/gone.txt' })).toBe(false);
    expect(await refusal(sandbox.deleteFile({ path: 'dir' }))).toMatchObject({
      workspaceError: true,
      code: 'EISDIR',
      message: expect.stringContaining('deleteFile deletes files only'),
    });
    expect(await sandbox.stat({ path: 'dir' })).toEqual({ type: 'directory', size: 0 });
    expect(await refusal(sandbox.deleteFile({ path: '/workspace' }))).toMatchObject({
      code: 'EISDIR',
    });
  });

  test('refuses absolute paths outside /workspace with EACCES, for every operation', async ({
    sandbox,
  }) => {
    const outside = ['/etc/passwd', '/workspace/../etc/passwd', '../secret.txt', '/tmp/x'];
    for (const path of outside) {
      const refusals = await Promise.all([
        refusal(sandbox.readFile({ path })),
        refusal(sandbox.readBinaryFile({ path })),
        refusal(sandbox.readTextFile({ path })),
        refusal(sandbox.writeFile({ path, content: stream('x') })),
        refusal(sandbox.writeBinaryFile({ path, content: new Uint8Array([1]) })),
        refusal(sandbox.writeTextFile({ path, content: 'x' })),
        refusal(sandbox.stat({ path })),
        refusal(sandbox.listDirectory({ path })),
        refusal(sandbox.deleteFile({ path })),
      ]);
      for (const refused of refusals) {
        expect(refused).toEqual({
          workspaceError: true,
          code: 'EACCES',
          message: expect.stringContaining('only files under /workspace are reachable'),
        });
      }
    }
  });

  test('refuses a streamed file past maxStreamedFileBytes without reading the rest', async ({
    interpreter,
  }) => {
    const sandbox = createSandboxSession({ interpreter, maxStreamedFileBytes: 10 });
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(4));
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await refusal(sandbox.writeFile({ path: 'big.bin', content: endless }))).toMatchObject({
      workspaceError: true,
      code: 'EFBIG',
    });
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(6);
    expect(await sandbox.stat({ path: 'big.bin' })).toBeNull();
    await sandbox.close();
  });

  test('rejects an operation whose signal is already aborted, without doing it', async ({
    sandbox,
  }) => {
    const abortSignal = AbortSignal.abort(new Error('stop'));
    await expect(
      sandbox.writeTextFile({ path: 'x.txt', content: 'x', abortSignal }),
    ).rejects.toThrow('stop');
    expect(await sandbox.stat({ path: 'x.txt' })).toBeNull();
    await expect(sandbox.readFile({ path: 'x.txt', abortSignal })).rejects.toThrow('stop');
  });
});

describe('createSandboxSession: commands', () => {
  test('run passes the command, working directory and environment to session.exec', async ({
    interpreter,
    sandbox,
  }) => {
    const result = await sandbox.run({
      command: 'python3 script.py',
      workingDirectory: 'src',
      env: { MODE: 'fast' },
    });
    expect(result).toEqual({ exitCode: 0, stdout: 'ran: python3 script.py\n', stderr: '' });
    expect(interpreter.commandCalls.map((call) => [call.input, call.sessionId])).toEqual([
      [{ command: 'python3 script.py', cwd: 'src', env: { MODE: 'fast' } }, sandbox.session.id],
    ]);
  });

  test('run gives a non-zero exit code and stderr as data', async () => {
    const interpreter = new MockCodeInterpreter({
      exec: { stdout: 'partial\n', stderr: 'Traceback ...\nValueError: bad\n', exitCode: 1 },
    });
    const sandbox = createSandboxSession({ interpreter });
    expect(await sandbox.run({ command: 'python3 bad.py' })).toEqual({
      exitCode: 1,
      stdout: 'partial\n',
      stderr: 'Traceback ...\nValueError: bad\n',
    });
    await interpreter.close();
  });

  test('run rejects with the abort reason when aborted, and the command is stopped', async () => {
    const interpreter = new MockCodeInterpreter({ exec: () => new Promise(() => {}) });
    const sandbox = createSandboxSession({ interpreter });
    const controller = new AbortController();
    const running = sandbox.run({ command: 'sleep 100', abortSignal: controller.signal });
    await waitUntil(() => interpreter.commandCalls.length === 1);
    const reason = new Error('user stopped it');
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    expect(interpreter.commandCalls[0]?.signal?.aborted).toBe(true);
    await interpreter.close();
  });

  test('run rejects invalid input with InvalidInputError from the core', async ({ sandbox }) => {
    await expect(sandbox.run({ command: '   ' })).rejects.toSatisfy((error) =>
      InvalidInputError.isInstance(error),
    );
    await expect(sandbox.run({ command: 'ls', workingDirectory: '/etc' })).rejects.toThrow(/cwd/);
  });

  test('passes commandTimeoutMs to every command', async ({ interpreter }) => {
    const sandbox = createSandboxSession({ interpreter, commandTimeoutMs: 5_000 });
    await sandbox.run({ command: 'ls' });
    await (await sandbox.spawn({ command: 'ls' })).wait();
    expect(interpreter.commandCalls.map((call) => call.input.timeoutMs)).toEqual([5_000, 5_000]);
  });

  test('spawn streams stdout and stderr and resolves wait() with the exit code', async () => {
    const interpreter = new MockCodeInterpreter({
      exec: { stdout: 'out\n', stderr: 'err\n', exitCode: 3 },
    });
    const sandbox = createSandboxSession({ interpreter });
    const process = await sandbox.spawn({ command: 'echo out && echo err >&2 && exit 3' });
    expect('stdin' in process).toBe(false);
    const [stdout, stderr, exit] = await Promise.all([
      collect(process.stdout),
      collect(process.stderr),
      process.wait(),
    ]);
    expect({ stdout, stderr, exit }).toEqual({
      stdout: 'out\n',
      stderr: 'err\n',
      exit: { exitCode: 3 },
    });
    await interpreter.close();
  });

  test('spawn delivers output that arrives while the command runs before it ends', async () => {
    let finish: (() => void) | undefined;
    const interpreter = new MockCodeInterpreter({
      exec: () =>
        new Promise((resolve) => {
          finish = () => resolve({ stdout: 'done\n', exitCode: 0 });
        }),
    });
    const sandbox = createSandboxSession({ interpreter });
    const process = await sandbox.spawn({ command: 'echo done' });
    const reader = process.stdout.getReader();
    let first: string | undefined;
    const reading = reader.read().then(({ value }) => {
      first = decoder.decode(value);
    });
    await waitUntil(() => finish !== undefined);
    expect(first).toBeUndefined();
    finish?.();
    await reading;
    expect(first).toBe('done\n');
    expect(await process.wait()).toEqual({ exitCode: 0 });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    await interpreter.close();
  });

  test('kill() stops a running command: wait() resolves with exit code 137, streams end', async () => {
    const interpreter = new MockCodeInterpreter({ exec: () => new Promise(() => {}) });
    const sandbox = createSandboxSession({ interpreter });
    const process = await sandbox.spawn({ command: 'sleep 100' });
    await waitUntil(() => interpreter.commandCalls.length === 1);
    await process.kill();
    await process.kill(); // idempotent
    expect(await process.wait()).toEqual({ exitCode: 137 });
    expect(interpreter.commandCalls[0]?.signal?.aborted).toBe(true);
    expect(await collect(process.stdout)).toBe('');
    await interpreter.close();
  });

  test('aborting a spawned command makes wait() reject with the abort reason', async () => {
    const interpreter = new MockCodeInterpreter({ exec: () => new Promise(() => {}) });
    const sandbox = createSandboxSession({ interpreter });
    const controller = new AbortController();
    const process = await sandbox.spawn({ command: 'sleep 100', abortSignal: controller.signal });
    await waitUntil(() => interpreter.commandCalls.length === 1);
    const reason = new Error('aborted by the agent');
    controller.abort(reason);
    await expect(process.wait()).rejects.toBe(reason);
    await expect(collect(process.stdout)).rejects.toBe(reason);
    await expect(
      sandbox.spawn({ command: 'ls', abortSignal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(interpreter.commandCalls).toHaveLength(1);
    await interpreter.close();
  });

  test('spawn with stdin: true buffers what is written and runs the command when stdin closes', async ({
    interpreter,
    sandbox,
  }) => {
    const process = await sandbox.spawn({ command: 'wc -l', stdin: true });
    const writer = process.stdin.getWriter();
    await writer.write(new TextEncoder().encode('a\n'));
    await writer.write(new TextEncoder().encode('b\n'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(interpreter.commandCalls).toHaveLength(0);
    await writer.close();
    expect(await process.wait()).toEqual({ exitCode: 0 });
    expect(await collect(process.stdout)).toBe('ran: wc -l\n');
    expect(interpreter.commandCalls[0]?.input.stdin).toEqual(new TextEncoder().encode('a\nb\n'));
  });

  test('refuses stdin past 16 MB at the write, and runs nothing', async ({
    interpreter,
    sandbox,
  }) => {
    const process = await sandbox.spawn({ command: 'cat', stdin: true });
    const writer = process.stdin.getWriter();
    await writer.write(new Uint8Array(16 * 1024 * 1024));
    await expect(writer.write(new Uint8Array(1))).rejects.toThrow(
      /stdin holds at most 16777216 bytes/,
    );
    await process.kill();
    expect(await process.wait()).toEqual({ exitCode: 137 });
    expect(interpreter.commandCalls).toHaveLength(0);
  });

  test('kill() before stdin is closed ends the process without running it', async ({
    interpreter,
    sandbox,
  }) => {
    const process = await sandbox.spawn({ command: 'cat', stdin: true });
    await process.kill();
    expect(await process.wait()).toEqual({ exitCode: 137 });
    expect(interpreter.commandCalls).toHaveLength(0);
  });

  test('an error of the core rejects wait() and errors the streams', async () => {
    const interpreter = new MockCodeInterpreter({
      exec: () => Promise.reject(new Error('worker crashed')),
    });
    const sandbox = createSandboxSession({ interpreter });
    const process = await sandbox.spawn({ command: 'ls' });
    await expect(process.wait()).rejects.toThrow('worker crashed');
    await expect(collect(process.stderr)).rejects.toThrow('worker crashed');
    await interpreter.close();
  });
});

describe('createSandboxSession: description and ownership', () => {
  it('describes the working directory, the interpreters, no network and the limits', async () => {
    const interpreter = new MockCodeInterpreter({
      capabilities: {
        languages: ['python', 'javascript'],
        pythonRuntime: 'native',
        defaultTimeoutMs: 20_000,
      },
    });
    const { description } = createSandboxSession({ interpreter });
    expect(description).toContain('/workspace, the working directory');
    expect(description).toContain('- python3 (or python): CPython 3');
    expect(description).toContain('- node: JavaScript');
    expect(description).not.toContain('- tsx');
    expect(description).toContain('No network');
    expect(description).toContain('20000 ms');
    expect(createSandboxSession({ interpreter, description: 'mine' }).description).toBe('mine');
    await interpreter.close();
  });

  it('closes the session it made but not a given interpreter; a given session stays open', async () => {
    const interpreter = new MockCodeInterpreter();
    const own = createSandboxSession({ interpreter });
    await own.writeTextFile({ path: 'x.txt', content: 'x' });
    await own.close();
    expect(interpreter.sessions[0]?.closed).toBe(true);
    expect(interpreter.closed).toBe(false);
    await expect(own.readTextFile({ path: 'x.txt' })).rejects.toThrow(/closed/);

    const session = interpreter.createSession();
    const shared = createSandboxSession({ interpreter, session });
    await shared.writeTextFile({ path: 'y.txt', content: 'y' });
    await shared[Symbol.asyncDispose]();
    expect(session.closed).toBe(false);
    expect(await session.files.readText('y.txt')).toBe('y');
    await interpreter.close();
  });

  it('asks for the interpreter when given only a session', () => {
    const interpreter = new MockCodeInterpreter();
    expect(() => createSandboxSession({ session: interpreter.createSession() })).toThrow(
      /pass the interpreter that made `session`/,
    );
  });

  it('rejects commands once closed', async () => {
    const interpreter = new MockCodeInterpreter();
    const sandbox = createSandboxSession({ interpreter });
    await sandbox.close();
    await expect(sandbox.run({ command: 'ls' })).rejects.toThrow(/closed/);
    expect(RunAbortedError).toBeDefined();
  });
});

/** Waits (bounded) until `condition` holds, yielding to the event loop between checks. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(condition()).toBe(true);
}
