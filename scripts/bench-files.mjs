// pnpm bench, files section: putting files into a session's workspace and getting them back, from
// the application and from programs, next to the floors (node:fs on the same disk) and to
// just-bash's in-memory file system (what @ai-sdk/sandbox-just-bash keeps files in). Imported by
// bench.mjs; not a test.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const megabyte = new Uint8Array(1024 * 1024).map((_, index) => index % 251);
const kilobyte = megabyte.subarray(0, 1024);

/**
 * just-bash as @ai-sdk/sandbox-just-bash installs it (its own dependency, resolved from there),
 * when packages/ai-sdk has it as a dev dependency.
 */
async function aiSdkJustBash() {
  try {
    const { createRequire } = await import('node:module');
    const fromAiSdk = createRequire(new URL('../packages/ai-sdk/package.json', import.meta.url));
    const fromProvider = createRequire(fromAiSdk.resolve('@ai-sdk/sandbox-just-bash'));
    // require.resolve picks its CommonJS bundle, whose Python cannot start (it needs
    // import.meta.url): import the ES module bundle beside it, as the provider itself does.
    return await import(fromProvider.resolve('just-bash').replace(/\.cjs$/, '.js'));
  } catch {
    return undefined;
  }
}

/** just-bash's in-memory file system (what @ai-sdk/sandbox-just-bash keeps files in). */
async function justBashFileSystem() {
  const justBash = await aiSdkJustBash();
  return justBash?.InMemoryFs ? new justBash.InMemoryFs() : undefined;
}

export async function measureFiles({ createCodeInterpreter, measure, table, note, quick }) {
  const interpreter = createCodeInterpreter({ workers: 1 });
  const session = interpreter.createSession();
  const floor = mkdtempSync(join(tmpdir(), 'bench-files-'));
  const justBash = await justBashFileSystem();
  try {
    let round = 0;
    const oneMegabyte = [
      await measure(
        'ours: session.files.write + read, 1 MB',
        async () => {
          await session.files.write('big.bin', megabyte);
          const back = await session.files.read('big.bin');
          if (back.byteLength !== megabyte.byteLength) throw new Error('short read');
        },
        200,
      ),
      await measure(
        'node:fs writeFileSync + readFileSync, 1 MB, same disk (floor)',
        () => {
          writeFileSync(join(floor, 'big.bin'), megabyte);
          readFileSync(join(floor, 'big.bin'));
        },
        200,
      ),
    ];
    if (justBash) {
      oneMegabyte.push(
        await measure(
          'just-bash InMemoryFs writeFile + readFileBuffer, 1 MB',
          async () => {
            await justBash.writeFile('/big.bin', megabyte);
            await justBash.readFileBuffer('/big.bin');
          },
          200,
        ),
      );
    }
    table('Workspace: write and read back 1 MB from the application', oneMegabyte, oneMegabyte[0]);

    const hundred = [
      await measure(
        'ours: 100 files of 1 KB with session.files.write, then list',
        async () => {
          const folder = `batch-${round++}`;
          for (let index = 0; index < 100; index++) {
            await session.files.write(`${folder}/f${index}.txt`, kilobyte);
          }
          if ((await session.files.list(folder)).length !== 100) throw new Error('missing files');
          await session.files.remove(folder, { recursive: true });
        },
        quick ? 10 : 40,
      ),
      await measure(
        'node:fs: the same with writeFileSync, readdirSync (floor)',
        () => {
          const folder = join(floor, `batch-${round++}`);
          mkdirSync(folder);
          for (let index = 0; index < 100; index++) {
            writeFileSync(join(folder, `f${index}.txt`), kilobyte);
          }
          if (readdirSync(folder).length !== 100) throw new Error('missing files');
          rmSync(folder, { recursive: true });
        },
        quick ? 10 : 40,
      ),
    ];
    if (justBash) {
      hundred.push(
        await measure(
          'just-bash InMemoryFs: the same with writeFile, readdir',
          async () => {
            const folder = `/batch-${round++}`;
            await justBash.mkdir(folder, { recursive: true });
            for (let index = 0; index < 100; index++) {
              await justBash.writeFile(`${folder}/f${index}.txt`, kilobyte);
            }
            await justBash.readdir(folder);
            await justBash.rm(folder, { recursive: true });
          },
          quick ? 10 : 40,
        ),
      );
    }
    table('Workspace: 100 files of 1 KB written, then the folder listed', hundred, hundred[0]);

    const programs = [];
    const languages = interpreter.capabilities.languages;
    if (languages.includes('javascript')) {
      programs.push(
        await measure(
          'ours: JavaScript session run, fs.writeFileSync + readFileSync of 1 MB',
          () =>
            session.run({
              language: 'javascript',
              code: "const fs = require('fs'); fs.writeFileSync('p.bin', new Uint8Array(1 << 20)); fs.readFileSync('p.bin').length",
            }),
          100,
        ),
      );
    }
    if (languages.includes('python')) {
      programs.push(
        await measure(
          `ours: Python (${interpreter.capabilities.pythonRuntime}) session run, write + read 1 MB`,
          () =>
            session.run({
              language: 'python',
              code: "open('p.bin', 'wb').write(bytes(1 << 20))\nlen(open('p.bin', 'rb').read())",
            }),
          100,
        ),
      );
    }
    table(
      'Workspace: a program writes and reads back 1 MB in its /workspace',
      programs,
      programs[0],
    );
    if (!justBash) note('just-bash is not installed here: its rows are left out.');
  } finally {
    await session.close();
    await interpreter.close();
    rmSync(floor, { recursive: true, force: true });
  }
}

/** Modules installed for packages/ai-sdk (the AI SDK's just-bash sandbox), when present. */
async function importFromAiSdk(name) {
  try {
    const { createRequire } = await import('node:module');
    const require = createRequire(new URL('../packages/ai-sdk/package.json', import.meta.url));
    return await import(require.resolve(name));
  } catch {
    return undefined;
  }
}

/**
 * Shell command lines over a session's workspace: ours (`session.exec`, just-bash on a worker
 * thread, python3 in a sandbox) against the AI SDK's just-bash sandbox and just-bash's own
 * WebAssembly Python, with `/usr/bin/python3 -c` as the floor.
 */
export async function measureShell({
  createCodeInterpreter,
  measure,
  table,
  note,
  quick,
  execFileAsync,
}) {
  const pyodide = createCodeInterpreter({ workers: 1 });
  const native = createCodeInterpreter({ workers: 1, python: 'native' });
  const pyodideSession = pyodide.createSession();
  const nativeSession = native.createSession();
  const exec = (session, command) => async () => {
    const result = await session.exec({ command });
    if (result.exitCode !== 0) throw new Error(`${command}: ${result.stderr}`);
  };
  try {
    await pyodideSession.files.write('a.txt', 'a');
    const provider = (await importFromAiSdk('@ai-sdk/sandbox-just-bash'))?.createJustBashSandbox();
    const theirs = provider ? (await provider.createSession()).restricted() : undefined;
    const justBash = await aiSdkJustBash();
    const theirPython = justBash?.Bash ? new justBash.Bash({ python: true }) : undefined;

    const ls = [await measure('ours: session.exec, `ls -la`', exec(pyodideSession, 'ls -la'), 100)];
    if (theirs) {
      ls.push(
        await measure(
          '@ai-sdk/sandbox-just-bash: session.run, `ls -la`',
          () => theirs.run({ command: 'ls -la' }),
          100,
        ),
      );
    }
    table('Shell: `ls -la` over the workspace, back to back', ls, ls[0]);

    const python = [
      await measure(
        'ours (Pyodide): session.exec, `python3 -c "print(1)"`',
        exec(pyodideSession, 'python3 -c "print(1)"'),
        quick ? 5 : 20,
      ),
      await measure(
        'ours (native): session.exec, `python3 -c "print(1)"`',
        exec(nativeSession, 'python3 -c "print(1)"'),
        quick ? 5 : 30,
      ),
    ];
    if (theirPython && (await theirPython.exec('python3 -c "print(1)"')).stdout === '1\n') {
      python.push(
        await measure(
          'just-bash Bash({ python: true }), `python3 -c "print(1)"` (its WebAssembly CPython)',
          async () => {
            const result = await theirPython.exec('python3 -c "print(1)"');
            if (result.stdout !== '1\n') throw new Error(result.stderr);
          },
          quick ? 3 : 10,
        ),
      );
    }
    python.push(
      await measure(
        '/usr/bin/python3 -c, a host process (floor; not a sandbox)',
        () => execFileAsync('/usr/bin/python3', ['-c', 'print(1)']),
        quick ? 10 : 30,
      ),
    );
    table('Shell: `python3 -c "print(1)"`, back to back', python, python[0]);
    if (!python.some((row) => row.name.startsWith('just-bash'))) {
      note("just-bash's own Python did not start here: its row is left out.");
    }
    if (theirs) {
      const refused = await theirs.run({ command: 'python3 -c "print(1)"' });
      note(
        `@ai-sdk/sandbox-just-bash's own session answers \`python3\` with exit ${refused.exitCode} (${refused.stderr.trim()}), so its Python row runs just-bash's \`Bash({ python: true })\` directly.`,
      );
    }
  } finally {
    await Promise.all([pyodideSession.close(), nativeSession.close()]);
    await Promise.all([pyodide.close(), native.close()]);
  }
}
