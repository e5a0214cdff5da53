import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInFreshSandbox, sandboxRequest, testWorkspace } from '../../../test/sandbox-runs';
import type { SupportedLanguage } from '../../schema/code-execution-schema';
import type { RunWorkspace } from '../../workspace/run-workspace';
import type { SandboxRunOutcome } from '../sandbox-runtime';
import { createJavaScriptRuntime } from './create-javascript-runtime';

const runtime = createJavaScriptRuntime();
afterAll(() => runtime.close());

/** Runs `code` in a fresh sandbox over `workspace`. */
async function run(
  code: string,
  workspace: RunWorkspace = testWorkspace(),
  language: SupportedLanguage = 'javascript',
): Promise<SandboxRunOutcome> {
  return runInFreshSandbox(runtime, language, code, { workspace });
}

/** Runs a program that prints one JSON document, and returns that document parsed. */
async function json(code: string, workspace: RunWorkspace = testWorkspace()) {
  const outcome = await run(code, workspace);
  expect(outcome.error).toBeUndefined();
  return JSON.parse(outcome.stdout);
}

describe('fs over the workspace: round trips', () => {
  it('writes and reads text in every encoding, and the host sees the same bytes', async () => {
    const workspace = testWorkspace();
    const result = await json(
      `const fs = require('fs');
       fs.writeFileSync('text.txt', 'héllo wörld 😀');
       fs.writeFileSync('b64.bin', 'AAEC/w==', 'base64');
       fs.writeFileSync('hex.bin', '00ff10', { encoding: 'hex' });
       fs.writeFileSync('latin.bin', 'é', 'latin1');
       fs.appendFileSync('text.txt', '!');
       console.log(JSON.stringify({
         utf8: fs.readFileSync('text.txt', 'utf8'),
         utf8Dash: fs.readFileSync('/workspace/text.txt', { encoding: 'utf-8' }),
         base64: fs.readFileSync('b64.bin', 'base64'),
         hex: fs.readFileSync('hex.bin', 'hex'),
         latin1: fs.readFileSync('latin.bin', 'latin1'),
         binary: fs.readFileSync('latin.bin', 'binary'),
         ascii: fs.readFileSync('text.txt', 'ascii').length,
       }))`,
      workspace,
    );
    expect(result).toEqual({
      utf8: 'héllo wörld 😀!',
      utf8Dash: 'héllo wörld 😀!',
      base64: 'AAEC/w==',
      hex: '00ff10',
      latin1: 'é',
      binary: 'é',
      ascii: Buffer.from('héllo wörld 😀!').length,
    });
    const folder = workspace.folder();
    expect(readFileSync(join(folder, 'text.txt'), 'utf8')).toBe('héllo wörld 😀!');
    expect([...readFileSync(join(folder, 'b64.bin'))]).toEqual([0, 1, 2, 255]);
    expect([...readFileSync(join(folder, 'latin.bin'))]).toEqual([0xe9]);
  });

  it('writes typed arrays, DataViews and ArrayBuffers; reads bytes as a Uint8Array that decodes', async () => {
    const workspace = testWorkspace();
    const result = await json(
      `const fs = require('node:fs');
       fs.writeFileSync('u8.bin', new Uint8Array([1, 2, 3]));
       const backing = new Uint8Array([9, 9, 7, 8, 9, 9]);
       fs.writeFileSync('view.bin', new DataView(backing.buffer, 2, 2));
       fs.writeFileSync('f32.bin', new Float32Array([1.5]));
       fs.writeFileSync('ab.bin', new Uint8Array([4, 5]).buffer);
       fs.writeFileSync('json.txt', JSON.stringify({ a: 'é' }));
       const bytes = fs.readFileSync('u8.bin');
       console.log(JSON.stringify({
         u8: [...bytes], isUint8Array: bytes instanceof Uint8Array, name: bytes.constructor.name,
         view: [...fs.readFileSync('view.bin')],
         f32: new Float32Array(fs.readFileSync('f32.bin').buffer)[0],
         ab: [...fs.readFileSync('ab.bin')],
         parsed: JSON.parse(fs.readFileSync('json.txt')),
         string: String(fs.readFileSync('json.txt')),
         hex: fs.readFileSync('u8.bin').toString('hex'),
         slice: fs.readFileSync('json.txt').subarray(2, 3).toString(),
       }))`,
      workspace,
    );
    expect(result).toEqual({
      u8: [1, 2, 3],
      isUint8Array: true,
      name: 'Buffer',
      view: [7, 8],
      f32: 1.5,
      ab: [4, 5],
      parsed: { a: 'é' },
      string: '{"a":"é"}',
      hex: '010203',
      slice: 'a',
    });
    expect([...readFileSync(join(workspace.folder(), 'f32.bin'))]).toEqual([
      ...new Uint8Array(new Float32Array([1.5]).buffer),
    ]);
  });

  it('reads files the host put in the workspace before the run', async () => {
    const workspace = testWorkspace({}, true);
    writeFileSync(join(workspace.folder(), 'input.csv'), 'a,b\n1,2\n');
    const outcome = await run(
      "require('fs').readFileSync('input.csv', 'utf8').split('\\n')[1]",
      workspace,
    );
    expect(outcome.value).toBe("'1,2'");
  });
});

describe('fs over the workspace: every call', () => {
  const everySyncCall = `const fs = require('fs');
    const out = {};
    out.mkdirFirst = fs.mkdirSync('a/b/c', { recursive: true });
    out.mkdirAgain = fs.mkdirSync('a/b', { recursive: true }) ?? null;
    fs.mkdirSync('plain');
    fs.writeFileSync('a/one.txt', 'one');
    fs.writeFileSync('a/b/two.txt', 'two');
    out.exists = [fs.existsSync('a/one.txt'), fs.existsSync('nope'), fs.existsSync(42)];
    const stats = fs.statSync('a/one.txt');
    out.stat = [stats.isFile(), stats.isDirectory(), stats.isSymbolicLink(), stats.size, stats.mtime instanceof Date, typeof stats.mtimeMs, stats.constructor.name];
    out.lstat = fs.lstatSync('a').isDirectory();
    out.statMissing = fs.statSync('nope', { throwIfNoEntry: false }) ?? null;
    out.readdir = fs.readdirSync('a');
    out.recursive = fs.readdirSync('a', { recursive: true });
    out.dirents = fs.readdirSync('a', { withFileTypes: true }).map((d) => [d.name, d.isFile(), d.isDirectory(), d.parentPath]);
    fs.copyFileSync('a/one.txt', 'copy.txt');
    out.copyExcl = (() => { try { fs.copyFileSync('a/one.txt', 'copy.txt', fs.constants.COPYFILE_EXCL); return 'copied' } catch (e) { return e.code } })();
    fs.renameSync('copy.txt', 'moved.txt');
    out.renamed = [fs.existsSync('copy.txt'), fs.readFileSync('moved.txt', 'utf8')];
    fs.truncateSync('moved.txt', 2);
    out.truncated = fs.readFileSync('moved.txt', 'utf8');
    fs.utimesSync('moved.txt', new Date(1_000_000), 2_000);
    out.utimes = [fs.statSync('moved.txt').mtimeMs, fs.statSync('moved.txt').atimeMs];
    out.realpath = [fs.realpathSync('a/b/../one.txt'), fs.realpathSync.native('.')];
    fs.accessSync('moved.txt', fs.constants.R_OK);
    fs.unlinkSync('moved.txt');
    fs.rmdirSync('plain');
    out.afterRemoval = [fs.existsSync('moved.txt'), fs.existsSync('plain')];
    const fd = fs.openSync('fd.txt', 'w+');
    out.written = [fs.writeSync(fd, 'hello world'), fs.writeSync(fd, new Uint8Array([33]), 0, 1, 11)];
    const target = new Uint8Array(5);
    out.read = [fs.readSync(fd, target, 0, 5, 6), new TextDecoder().decode(target)];
    out.fstat = fs.fstatSync(fd).size;
    fs.ftruncateSync(fd, 5);
    fs.closeSync(fd);
    out.afterFd = fs.readFileSync('fd.txt', 'utf8');
    fs.writeFileSync('x.txt', 'new', { flag: 'wx' === 'wx' ? 'w' : 'w' });
    out.exclusive = (() => { try { fs.writeFileSync('x.txt', 'again', { flag: 'wx' }); return 'written' } catch (e) { return e.code } })();
    fs.writeFileSync('x.txt', '+', { flag: 'a' });
    out.flagA = fs.readFileSync('x.txt', 'utf8');
    const temp = fs.mkdtempSync('tmp-');
    out.mkdtemp = [temp.startsWith('tmp-'), temp.length, fs.statSync(temp).isDirectory()];
    fs.rmSync('a', { recursive: true });
    fs.rmSync('never-there', { force: true });
    out.rm = fs.existsSync('a');
    out.constants = [fs.constants.O_CREAT, fs.constants.O_APPEND, fs.constants.F_OK, fs.constants.S_IFDIR];
    console.log(JSON.stringify(out));`;

  const expected = {
    mkdirFirst: 'a',
    mkdirAgain: null,
    exists: [true, false, false],
    stat: [true, false, false, 3, true, 'number', 'Stats'],
    lstat: true,
    statMissing: null,
    readdir: ['b', 'one.txt'],
    recursive: ['b', 'one.txt', 'b/c', 'b/two.txt'],
    dirents: [
      ['b', false, true, 'a'],
      ['one.txt', true, false, 'a'],
    ],
    copyExcl: 'EEXIST',
    renamed: [false, 'one'],
    truncated: 'on',
    utimes: [2_000_000, 1_000_000],
    realpath: ['/workspace/a/one.txt', '/workspace'],
    afterRemoval: [false, false],
    written: [11, 1],
    read: [5, 'world'],
    fstat: 12,
    afterFd: 'hello',
    exclusive: 'EEXIST',
    flagA: 'new+',
    mkdtemp: [true, 10, true],
    rm: false,
    constants: [64, 1024, 0, 16384],
  };

  it('runs every synchronous call as Node does', async () => {
    expect(await json(everySyncCall)).toEqual(expected);
  });

  it('runs the calls in promise form through fs.promises and fs/promises', async () => {
    const result = await json(`const fsp = require('fs/promises');
      const same = require('fs').promises === fsp;
      const out = { same };
      out.mkdir = await fsp.mkdir('p/q', { recursive: true });
      await fsp.writeFile('p/a.txt', 'alpha');
      await fsp.appendFile('p/a.txt', '+');
      out.read = await fsp.readFile('p/a.txt', 'utf8');
      out.bytes = [...(await fsp.readFile('p/a.txt')).subarray(0, 2)];
      out.stat = [(await fsp.stat('p/a.txt')).size, (await fsp.lstat('p')).isDirectory()];
      out.readdir = await fsp.readdir('p');
      out.dirents = (await fsp.readdir('p', { withFileTypes: true })).map((d) => d.name + ':' + d.isDirectory());
      await fsp.copyFile('p/a.txt', 'p/b.txt');
      await fsp.rename('p/b.txt', 'p/c.txt');
      await fsp.truncate('p/c.txt', 1);
      await fsp.utimes('p/c.txt', 1, 2);
      out.c = [await fsp.readFile('p/c.txt', 'utf8'), (await fsp.stat('p/c.txt')).mtimeMs];
      out.realpath = await fsp.realpath('p/q/..');
      await fsp.access('p/c.txt');
      out.accessMissing = await fsp.access('nope').then(() => 'ok', (e) => e.code);
      await fsp.unlink('p/c.txt');
      await fsp.rmdir('p/q');
      out.mkdtemp = (await fsp.mkdtemp('t-')).length;
      await fsp.rm('p', { recursive: true, force: true });
      out.gone = require('fs').existsSync('p');
      out.constants = fsp.constants.O_EXCL;
      console.log(JSON.stringify(out));`);
    expect(result).toEqual({
      same: true,
      mkdir: 'p',
      read: 'alpha+',
      bytes: [97, 108],
      stat: [6, true],
      readdir: ['a.txt', 'q'],
      dirents: ['a.txt:false', 'q:true'],
      c: ['a', 2000],
      realpath: '/workspace/p',
      accessMissing: 'ENOENT',
      mkdtemp: 8,
      gone: false,
      constants: 128,
    });
  });

  it('has callback forms that call back later with (error, value)', async () => {
    const result = await json(`const fs = require('fs');
      const log = [];
      fs.writeFile('c.txt', 'cb', (error) => {
        log.push(['write', error]);
        fs.readFile('c.txt', 'utf8', (error, text) => {
          log.push(['read', error, text]);
          fs.stat('missing', (error) => {
            log.push(['stat', error.code, error.syscall]);
            fs.exists('c.txt', (found) => {
              log.push(['exists', found]);
              console.log(JSON.stringify(log));
            });
          });
        });
      });
      log.push(['sync part done']);`);
    expect(result).toEqual([
      ['sync part done'],
      ['write', null],
      ['read', null, 'cb'],
      ['stat', 'ENOENT', 'stat'],
      ['exists', true],
    ]);
  });

  it('opens a FileHandle with fs.promises.open', async () => {
    const result = await json(`const fsp = require('node:fs/promises');
      const handle = await fsp.open('h.txt', 'w+');
      const { bytesWritten } = await handle.write('handle text');
      const { bytesRead, buffer } = await handle.read(new Uint8Array(6), 0, 6, 7);
      const size = (await handle.stat()).size;
      await handle.close();
      console.log(JSON.stringify([bytesWritten, bytesRead, new TextDecoder().decode(buffer), size, await fsp.readFile('h.txt', 'utf8')]));`);
    expect(result).toEqual([11, 4, 'text\u0000\u0000', 11, 'handle text']);
  });
});

describe('fs errors', () => {
  it('are Errors with Node’s code, errno, syscall, path and message', async () => {
    const result = await json(`const fs = require('fs');
      const fail = (action) => { try { action(); return 'no error' } catch (e) {
        return [e instanceof Error, e.code, e.errno, e.syscall, e.path ?? null, e.message, Object.keys(e)] } };
      console.log(JSON.stringify({
        missing: fail(() => fs.readFileSync('missing.txt')),
        access: fail(() => fs.accessSync('missing.txt')),
        exists: (fs.mkdirSync('d'), fail(() => fs.mkdirSync('d'))),
        notEmpty: (fs.writeFileSync('d/f', ''), fail(() => fs.rmdirSync('d'))),
        isDir: fail(() => fs.readFileSync('d')),
        badType: (() => { try { fs.readFileSync({}) } catch (e) { return [e.name, e.code] } })(),
      }))`);
    expect(result.missing).toEqual([
      true,
      'ENOENT',
      -2,
      'open',
      '/workspace/missing.txt',
      "ENOENT: no such file or directory, open '/workspace/missing.txt'",
      ['errno', 'code', 'syscall', 'path'],
    ]);
    expect(result.access.slice(1, 4)).toEqual(['ENOENT', -2, 'access']);
    expect(result.access[5]).toMatch(/^ENOENT: no such file or directory, access '/);
    expect(result.exists.slice(1, 4)).toEqual(['EEXIST', -17, 'mkdir']);
    expect(result.notEmpty.slice(1, 4)).toEqual(['ENOTEMPTY', -39, 'rmdir']);
    expect(result.isDir.slice(1, 3)).toEqual(['EISDIR', -21]);
    expect(result.badType).toEqual(['TypeError', 'ERR_INVALID_ARG_TYPE']);
  });

  it('reject promises and keep the stack to the program’s own frames', async () => {
    const outcome = await run(`const fsp = require('fs/promises');
      async function load() { return await fsp.readFile('nothing.json', 'utf8') }
      await load()`);
    expect(outcome.error).toMatchObject({
      name: 'Error',
      message: "ENOENT: no such file or directory, open '/workspace/nothing.json'",
      line: 2,
    });
    expect(outcome.error?.stack).not.toContain('code-interpreter-runtime');
  });
});

describe('fs confinement', () => {
  it('refuses ../ and absolute paths outside /workspace, by every route, and writes nothing outside', async () => {
    const workspace = testWorkspace({}, true);
    const outside = dirname(workspace.folder());
    const before = readdirSync(outside).length;
    const result = await json(
      `const fs = require('fs');
       const codes = {};
       const attempt = (name, action) => { try { action(); codes[name] = 'allowed' } catch (e) { codes[name] = e.code } };
       attempt('read /etc/passwd', () => fs.readFileSync('/etc/passwd'));
       attempt('read ../', () => fs.readFileSync('../../etc/passwd'));
       attempt('read /workspace/../etc', () => fs.readFileSync('/workspace/../etc/passwd'));
       attempt('read file URL', () => fs.readFileSync(new URL('file:///etc/passwd')));
       attempt('write ../', () => fs.writeFileSync('../escaped.txt', 'x'));
       attempt('mkdir ../', () => fs.mkdirSync('../escaped-dir'));
       attempt('rename out', () => { fs.writeFileSync('in.txt', 'x'); fs.renameSync('in.txt', '../out.txt') });
       attempt('copy in', () => fs.copyFileSync('/etc/hostname', 'host.txt'));
       attempt('readdir /', () => fs.readdirSync('/'));
       attempt('stat /proc', () => fs.statSync('/proc/self/environ'));
       attempt('rm ..', () => fs.rmSync('..', { recursive: true, force: true }));
       attempt('open ../', () => fs.openSync('../x', 'w'));
       console.log(JSON.stringify(codes));`,
      workspace,
    );
    for (const [name, code] of Object.entries(result)) {
      expect([name, code]).toEqual([name, 'EACCES']);
    }
    expect(Object.keys(result)).toHaveLength(12);
    expect(readdirSync(outside).length).toBe(before);
    expect(existsSync(join(outside, 'escaped.txt'))).toBe(false);
  });

  it('a run without a workspace sees an empty read-only /workspace', async () => {
    const sandbox = await runtime.createSandbox({ memoryLimitMb: 64, stateful: false });
    const request = sandboxRequest(
      'javascript',
      `const fs = require('fs');
       let message; try { fs.writeFileSync('x.txt', 'x') } catch (e) { message = e.code + ' | ' + e.message }
       console.log(JSON.stringify([message, fs.existsSync('.')]))`,
    );
    delete request.workspace;
    const outcome = await sandbox.run(request);
    await sandbox.dispose();
    expect(JSON.parse(outcome.stdout)).toEqual([
      'EROFS | EROFS: this run has no workspace: /workspace is empty and read-only, writeFile',
      true,
    ]);
  });

  it('a program that fills the workspace gets ENOSPC, and the workspace stays within its limit', async () => {
    const limit = 1024 * 1024;
    const workspace = testWorkspace({ maxBytes: limit });
    const outcome = await run(
      `const fs = require('fs');
       const chunk = new Uint8Array(100 * 1024);
       let count = 0, error;
       try { for (;;) { fs.writeFileSync('fill-' + count + '.bin', chunk); count++ } } catch (e) { error = e }
       let appended = 'no error';
       try { for (;;) fs.appendFileSync('fill-0.bin', chunk) } catch (e) { appended = e.code }
       [count, error.code, error.errno, appended]`,
      workspace,
    );
    expect(outcome.value).toBe("[ 10, 'ENOSPC', -28, 'ENOSPC' ]");
    const folder = workspace.folder();
    const total = readdirSync(folder).reduce(
      (sum, name) => sum + readFileSync(join(folder, name)).length,
      0,
    );
    expect(total).toBeLessThanOrEqual(limit);
  });
});

describe('the bridge gives no way to the host', () => {
  it('functions, errors, stats, buffers, dirents and modules lead only to the isolate', async () => {
    const outcome = await run(`const fs = require('fs');
      fs.writeFileSync('f.txt', 'x');
      let error; try { fs.readFileSync('missing') } catch (e) { error = e }
      let asyncError; try { await fs.promises.readFile('missing') } catch (e) { asyncError = e }
      const values = {
        readFileSync: fs.readFileSync, error, asyncError, stats: fs.statSync('f.txt'),
        bytes: fs.readFileSync('f.txt'), dirent: fs.readdirSync('.', { withFileTypes: true })[0],
        require, promises: fs.promises, handle: await fs.promises.open('f.txt'),
        namespace: await import('node:fs'), path: require('path'), mtime: fs.statSync('f.txt').mtime,
      };
      const seen = [];
      for (const [name, value] of Object.entries(values)) {
        for (const route of [
          () => value.constructor.constructor('return typeof process')(),
          () => Object.getPrototypeOf(value).constructor.constructor('return typeof process')(),
          () => value.constructor.constructor('return process')().env,
        ]) {
          try { seen.push(name + ':' + route()) } catch (e) { seen.push(name + ':' + e.name) }
        }
      }
      seen.filter((entry) => !/:(undefined|ReferenceError|TypeError)$/.test(entry))`);
    expect(outcome.error).toBeUndefined();
    expect(outcome.value).toBe('[]');
  });

  it('the host hook is nowhere on the global object or in a stack', async () => {
    const outcome = await run(`const fs = require('fs');
      Error.prepareStackTrace = (_e, frames) => frames.map((f) => { try { const fn = f.getFunction(); return fn ? fn.constructor.constructor('return typeof process')() : 'none' } catch { return 'err' } });
      let frames; try { fs.readFileSync('missing') } catch (e) { frames = e.stack }
      Error.prepareStackTrace = undefined;
      [frames.every((f) => f === 'undefined' || f === 'none' || f === 'err'), Reflect.ownKeys(globalThis).filter((k) => /ivm|host|workspace|bind|bridge/i.test(String(k)))]`);
    expect(outcome.value).toBe('[ true, [] ]');
  });
});

describe('require and import', () => {
  it('require offers exactly fs, fs/promises and path, and refuses every other module', async () => {
    const names = [
      'child_process',
      'http',
      'node:os',
      'os',
      'node:child_process',
      'process',
      'vm',
      'worker_threads',
      './local',
      'fs/../child_process',
      'lodash',
    ];
    const result = await json(`const refused = {};
      for (const name of ${JSON.stringify(names)}) {
        try { require(name); refused[name] = 'loaded' } catch (e) { refused[name] = e.code }
      }
      console.log(JSON.stringify([
        require('fs') === require('node:fs'), require('fs').promises === require('fs/promises'),
        require('path') === require('node:path').posix, refused,
        (() => { try { require('http') } catch (e) { return e.message } })(),
      ]))`);
    expect(result).toEqual([
      true,
      true,
      true,
      Object.fromEntries(names.map((name) => [name, 'MODULE_NOT_FOUND'])),
      "Cannot find module 'http': this sandbox offers only the modules fs, fs/promises and path (also as node:fs, node:fs/promises and node:path). Other Node modules and packages are not available here.",
    ]);
  });

  it('static imports work in JavaScript and TypeScript, and unknown modules are refused', async () => {
    const workspace = testWorkspace();
    const program = `import fs from 'node:fs';
import { writeFileSync, readFileSync as read } from 'fs';
import * as fsp from 'fs/promises';
import path, { join } from 'path';
writeFileSync(join('dir-less.txt'), 'imported');
const text/*TYPE*/ = read(path.resolve('dir-less.txt'), 'utf8');
[text, fs.existsSync('dir-less.txt'), await fsp.readFile('dir-less.txt', 'utf8'), Object.prototype.toString.call(fsp)]`;
    const javascript = await run(program, workspace);
    expect(javascript.value).toBe("[ 'imported', true, 'imported', '[object Module]' ]");
    const typescript = await run(
      `import type { Stats } from 'fs';\n${program.replace('/*TYPE*/', ': string')}`,
      testWorkspace(),
      'typescript',
    );
    expect(typescript.value).toBe("[ 'imported', true, 'imported', '[object Module]' ]");
    const refused = await run("import { exec } from 'child_process';\nexec('id')");
    expect(refused.error).toMatchObject({ name: 'Error', line: 1 });
    expect(refused.error?.message).toContain("Cannot find module 'child_process'");
    const dynamic = await run(
      "const codes = []; for (const name of ['node:os', 'http', 'file:///etc/passwd']) { try { await import(name) } catch (e) { codes.push(e.code) } } codes.join()",
    );
    expect(dynamic.value).toBe("'ERR_MODULE_NOT_FOUND,ERR_MODULE_NOT_FOUND,ERR_MODULE_NOT_FOUND'");
  });

  it('a named import the module does not have is a SyntaxError, as in Node', async () => {
    const outcome = await run("import { readFileAsync } from 'fs';");
    expect(outcome.error).toMatchObject({
      name: 'SyntaxError',
      message: "The requested module 'fs' does not provide an export named 'readFileAsync'",
    });
  });

  it('keeps error lines and columns right after rewritten imports', async () => {
    const multiLine = await run(
      "import {\n  readFileSync,\n} from 'fs';\nconst a = 1;\nnull.property",
    );
    expect(multiLine.error).toMatchObject({ name: 'TypeError', line: 5, column: 6 });
    const sameLine = await run("import fs from 'fs'; null.property");
    const padded = await run(`${' '.repeat("import fs from 'fs'; ".length)}null.property`);
    expect(sameLine.error?.line).toBe(1);
    expect(sameLine.error?.column).toBe(padded.error?.column);
    const typescript = await run(
      "import type { Stats } from 'fs';\nimport { statSync } from 'fs';\nconst s: number = 1;\nstatSync('missing')",
      testWorkspace(),
      'typescript',
    );
    expect(typescript.error).toMatchObject({ name: 'Error', line: 4 });
  });

  it('an import inside a block is refused with a hint', async () => {
    const outcome = await run("if (true) {\n  import fs from 'fs';\n}");
    expect(outcome.error?.name).toBe('SyntaxError');
    expect(outcome.error?.message).toContain('import declarations work only at the top level');
  });
});

describe('sessions', () => {
  it('a session context reaches the workspace of the run in progress, and imports persist', async () => {
    const sandbox = await runtime.createSandbox({ memoryLimitMb: 64, stateful: true });
    const first = testWorkspace();
    const second = testWorkspace();
    const runIn = (code: string, workspace: RunWorkspace) =>
      sandbox.run(sandboxRequest('javascript', code, { workspace }));
    await runIn("import fs from 'fs';\nfs.writeFileSync('which.txt', 'first')", first);
    await runIn("fs.writeFileSync('which.txt', 'second')", second);
    const readBack = await runIn("fs.readFileSync('which.txt', 'utf8')", first);
    const keptRead = await runIn(
      "globalThis.read = fs.readFileSync; [read('which.txt', 'utf8'), typeof fs]",
      second,
    );
    await sandbox.dispose();
    expect(readBack.value).toBe("'first'");
    expect(keptRead.value).toBe("[ 'second', 'object' ]");
    expect(readFileSync(join(first.folder(), 'which.txt'), 'utf8')).toBe('first');
    expect(readFileSync(join(second.folder(), 'which.txt'), 'utf8')).toBe('second');
  });
});
