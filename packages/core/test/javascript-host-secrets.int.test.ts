import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeInterpreter } from '../src/interpreter/code-interpreter';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';
import type { ExecutionResult } from '../src/result/execution-result';
import { sandboxWorkerPids } from './sandbox-worker-processes';

/**
 * Secrets of the application (one in its environment, others in files on the host) must reach no
 * sandboxed JavaScript or TypeScript program, by any route, and appear in no field of a result.
 */
const secretName = 'CODE_INTERPRETER_JS_TEST_SECRET';
const environmentSecret = `env-secret-${randomUUID()}`;
const fileSecret = `file-secret-${randomUUID()}`;
const tmpFolder = mkdtempSync(join(tmpdir(), 'javascript-host-secrets-'));
// One in the host's /tmp, one inside the core package (a folder a worker process can read), one
// in the working directory of the test run.
const secretFilesByPlace = {
  tmp: join(tmpFolder, 'secret.txt'),
  package: join(import.meta.dirname, `host-secret-${randomUUID()}.txt`),
  cwd: join(process.cwd(), `host-secret-${randomUUID()}.txt`),
};
const secretFiles = Object.values(secretFilesByPlace);

let interpreter: CodeInterpreter;

beforeAll(() => {
  process.env[secretName] = environmentSecret;
  for (const file of secretFiles) writeFileSync(file, fileSecret);
  // Created after the secret is in the environment, as an application's would be.
  interpreter = createCodeInterpreter({ workers: 1, maxOutputChars: 100_000 });
});

afterAll(async () => {
  await interpreter?.close();
  delete process.env[secretName];
  for (const file of secretFiles) rmSync(file, { force: true });
  rmSync(tmpFolder, { recursive: true, force: true });
});

/** Each route a program might take to a secret, keyed by name, as sandboxed source. */
function attemptsSource(): string {
  const name = JSON.stringify(secretName);
  const files = JSON.stringify(secretFilesByPlace);
  return `const files = ${files};
const attempts = {};
for (const [place, file] of Object.entries(files)) {
  attempts["require('fs') of the " + place + ' file'] = () => require('fs').readFileSync(file, 'utf8');
  attempts["require('node:fs') of the " + place + ' file'] = () => require('node:fs').readFileSync(file, 'utf8');
  attempts["import('node:fs') of the " + place + ' file'] = async () => (await import('node:fs')).readFileSync(file, 'utf8');
  attempts["import('fs/promises') of the " + place + ' file'] = async () => (await import('fs/promises')).readFile(file, 'utf8');
  attempts['import(file URL) of the ' + place + ' file'] = () => import('file://' + file);
  attempts["fetch('file://') of the " + place + ' file'] = () => fetch('file://' + file);
}
Object.assign(attempts, {
  'process.env': () => process.env[${name}],
  'globalThis.process.env': () => globalThis.process.env[${name}],
  "require('child_process')": () => require('child_process').execSync('env').toString(),
  "import('node:process')": async () => (await import('node:process')).env[${name}],
  "import('/proc/self/environ')": () => import('/proc/self/environ'),
  "Function('return process')()": () => Function('return process')().env[${name}],
  "this.constructor.constructor('return process')()": () => this.constructor.constructor('return process')().env[${name}],
  "console.log.constructor('return process')()": () => console.log.constructor('return process')().env[${name}],
  "Function('return this')().process": () => Function('return this')().process.env[${name}],
  'CallSite.getThis().process': () => {
    Error.prepareStackTrace = (_error, frames) => frames.map((frame) => frame.getThis());
    const receivers = new Error().stack;
    Error.prepareStackTrace = undefined;
    return receivers.find((receiver) => receiver && receiver.process).process.env[${name}];
  },
  'Deno.env': () => Deno.env.get(${name}),
  'Bun.env': () => Bun.env[${name}],
  'globals named like the host': () =>
    Reflect.ownKeys(globalThis).map(String).filter((key) => /^(process|require|module|exports|Buffer|global|Deno|Bun|fs)$|env|secret/i.test(key)),
});
const outcomes = {};
for (const [route, attempt] of Object.entries(attempts)) {
  try {
    outcomes[route] = 'returned ' + JSON.stringify(await attempt());
  } catch (error) {
    outcomes[route] = error.name + ': ' + error.message;
  }
}`;
}

/** The sandbox's `require` and `import()` refuse every module but fs, fs/promises and path. */
const notFound = (name: string) =>
  `Error: Cannot find module '${name}': this sandbox offers only the modules fs, fs/promises and path (also as node:fs, node:fs/promises and node:path). Other Node modules and packages are not available here.`;
/** The sandbox's `fs` reaches only its workspace: a host file is refused by path, unread. */
const outsideWorkspace = (file: string) =>
  `Error: EACCES: only files under /workspace are reachable in this sandbox, open '${file}'`;

/** What each route ends with. */
const expectedOutcomes = {
  ...Object.fromEntries(
    Object.entries(secretFilesByPlace).flatMap(([place, file]) => [
      [`require('fs') of the ${place} file`, outsideWorkspace(file)],
      [`require('node:fs') of the ${place} file`, outsideWorkspace(file)],
      [`import('node:fs') of the ${place} file`, outsideWorkspace(file)],
      [`import('fs/promises') of the ${place} file`, outsideWorkspace(file)],
      [`import(file URL) of the ${place} file`, notFound(`file://${file}`)],
      [`fetch('file://') of the ${place} file`, 'TypeError: fetch failed'],
    ]),
  ),
  'process.env': 'ReferenceError: process is not defined',
  'globalThis.process.env': "TypeError: Cannot read properties of undefined (reading 'env')",
  "require('child_process')": notFound('child_process'),
  "import('node:process')": notFound('node:process'),
  "import('/proc/self/environ')": notFound('/proc/self/environ'),
  "Function('return process')()": 'ReferenceError: process is not defined',
  "this.constructor.constructor('return process')()": 'ReferenceError: process is not defined',
  "console.log.constructor('return process')()": 'ReferenceError: process is not defined',
  "Function('return this')().process":
    "TypeError: Cannot read properties of undefined (reading 'env')",
  'CallSite.getThis().process':
    "TypeError: Cannot read properties of undefined (reading 'process')",
  'Deno.env': 'ReferenceError: Deno is not defined',
  'Bun.env': 'ReferenceError: Bun is not defined',
  // The sandbox's own `require` (fs, fs/promises and path over the workspace only).
  'globals named like the host': 'returned ["require"]',
};

/** Fails when a secret appears anywhere in the result: value, output, error, error stack. */
function expectNoSecret(result: ExecutionResult): void {
  const everything = JSON.stringify(result);
  expect(everything).not.toContain(environmentSecret);
  expect(everything).not.toContain(fileSecret);
}

/** This process's descendants (the worker processes and their bubblewrap wrappers). */
function descendantPids(): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  const found: number[] = [];
  const frontier = [process.pid];
  while (frontier.length) {
    const parent = frontier.pop() as number;
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push(pid);
        frontier.push(pid);
      }
    }
  }
  return found;
}

function environmentOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').filter(Boolean);
}

describe('JavaScript sandbox: host secrets', () => {
  it('the host holds the secrets (so the checks below can fail)', () => {
    expect(process.env[secretName]).toBe(environmentSecret);
    for (const file of secretFiles) expect(readFileSync(file, 'utf8')).toBe(fileSecret);
  });

  it.for(['javascript', 'typescript'] as const)(
    'a %s program trying every route to the secrets gets each exact error, and no field of its result holds a secret',
    async (language) => {
      // It reports the outcomes on stdout and stderr, as its value, and in the error it throws,
      // so every field of the result carries whatever the program could reach.
      const result = await interpreter.run({
        language,
        code: `${attemptsSource()}
console.log(JSON.stringify(outcomes));
console.error(JSON.stringify(outcomes));
const failure = new Error(JSON.stringify(outcomes));
failure.name = 'ReportError';
throw failure;`,
      });
      expect(result.success).toBe(false);
      expect(JSON.parse(result.stdout)).toEqual(expectedOutcomes);
      expect(JSON.parse(result.stderr)).toEqual(expectedOutcomes);
      expect(result.errorInfo?.name).toBe('ReportError');
      expect(JSON.parse(result.errorInfo?.message ?? '')).toEqual(expectedOutcomes);
      expect(result.errorInfo?.stack).toMatch(/^ReportError: \{.*\n {4}at cell\.(js|ts):\d+:\d+$/s);
      expectNoSecret(result);
    },
  );

  it('a session keeps no route to the secrets across runs, and its value holds none', async () => {
    const session = interpreter.createSession();
    try {
      const first = await session.run({ language: 'javascript', code: attemptsSource() });
      expect(first.success).toBe(true);
      const second = await session.run({
        language: 'javascript',
        code: 'console.log(JSON.stringify(outcomes)); outcomes',
      });
      expect(second.success).toBe(true);
      expect(JSON.parse(second.stdout)).toEqual(expectedOutcomes);
      expect(second.value).toContain("'process.env': 'ReferenceError: process is not defined'");
      for (const result of [first, second]) expectNoSecret(result);
    } finally {
      await session.close();
    }
  });

  it('error stacks name only the program and the in-isolate runtime, never a host path', async () => {
    const result = await interpreter.run({
      language: 'javascript',
      code: `function deep(n) { if (n === 0) throw new Error('where am I'); return [1].map(() => deep(n - 1)) }
await Promise.resolve();
deep(3)`,
    });
    expect(result.errorInfo).toMatchObject({ name: 'Error', message: 'where am I', line: 1 });
    const frames = (result.errorInfo?.stack ?? '').split('\n').slice(1);
    expect(frames.length).toBeGreaterThan(3);
    for (const frame of frames) expect(frame).toMatch(/^ {4}at .*\(?cell\.js:\d+:\d+\)?$/);
    expect(JSON.stringify(result)).not.toMatch(
      /\/work\/|\/tmp\/|dist\/|node_modules|node:internal/,
    );
  });

  it('worker processes start without the application environment: it is not there to leak', async () => {
    await interpreter.run({ language: 'javascript', code: '1' });
    const workers = sandboxWorkerPids();
    expect(workers.length).toBeGreaterThan(0);
    const pids = descendantPids();
    expect(pids).toEqual(expect.arrayContaining(workers));
    for (const pid of pids) {
      let environment: string[];
      try {
        environment = environmentOf(pid);
      } catch {
        continue; // ended meanwhile
      }
      expect(environment.join('\n')).not.toContain(environmentSecret);
      expect(environment).toContain('MALLOC_MMAP_THRESHOLD_=1048576');
      // Bubblewrap sets PWD to the box's own /tmp for the worker it starts; nothing else is added.
      const added = environment.filter((entry) => entry !== 'PWD=/tmp');
      expect(added.map((entry) => entry.split('=')[0]).sort()).toEqual(
        [
          'CODE_INTERPRETER_WORKER_SETTINGS',
          // glibc's tuning of the worker's malloc, a constant (see worker-process.ts).
          'MALLOC_MMAP_THRESHOLD_',
          // Node's IPC channel to the worker.
          'NODE_CHANNEL_FD',
          'NODE_CHANNEL_SERIALIZATION_MODE',
          'PATH',
          'TZ',
        ]
          .concat(process.env.CODE_INTERPRETER_DEBUG ? ['CODE_INTERPRETER_DEBUG'] : [])
          .sort(),
      );
    }
  });
});
