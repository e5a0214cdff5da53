import { describe, expect } from 'vitest';
import { RunAbortedError } from '../src/errors/run-aborted-error';
import type { SandboxTools } from '../src/tools/sandbox-tool';
import { interpreterTest } from './interpreter-fixture';

/** What the tools saw, for the assertions. */
const seen = {
  signal: undefined as AbortSignal | undefined,
  hostObject: { secret: 'host-only', calls: 0 },
};

class HostThing {
  secret = 'instance field';
  method() {
    return 'host method';
  }
}

const tools: SandboxTools = {
  give: {
    inputSchema: { type: 'object' },
    execute: () => ({
      fn() {
        return 'host function';
      },
      date: new Date(0),
      map: new Map([[1, 2]]),
      thing: new HostThing(),
      host: seen.hostObject,
      bytes: new Uint8Array([1, 2]),
    }),
  },
  circular: {
    inputSchema: { type: 'object' },
    execute: () => {
      const value: Record<string, unknown> = {};
      value.self = value;
      return value;
    },
  },
  huge: { inputSchema: { type: 'object' }, execute: () => 'x'.repeat(300_000) },
  ping: {
    inputSchema: { type: 'object' },
    execute: () => {
      seen.hostObject.calls++;
      return 'pong';
    },
  },
  hang: {
    inputSchema: { type: 'object' },
    execute: (_input: unknown, { signal }: { signal: AbortSignal }) => {
      seen.signal = signal;
      return new Promise(() => {});
    },
  },
  stackLeak: {
    inputSchema: { type: 'object' },
    execute: () => {
      throw new Error(
        `failed in ${import.meta.filename} at C:\\Users\\app\\secret.txt, see https://example.org/a/b`,
      );
    },
  },
};

const test = interpreterTest({
  languages: ['javascript'],
  tools,
  toolLimits: { maxCalls: 100, maxOutputBytes: 200_000 },
});

describe('code mode against hostile programs (JavaScript)', () => {
  test("a tool's returned object holds plain copies: no host function, prototype or object", async ({
    run,
  }) => {
    const result = await run(
      'javascript',
      `const r = await tools.give({});
r.host.secret = 'changed by the sandbox';
console.log(JSON.stringify([typeof r.fn, r.date, JSON.stringify(r.map), Object.getPrototypeOf(r.thing) === Object.prototype, typeof r.thing.method,
 r.constructor === Object, r.constructor.constructor('return typeof process')(), Object.keys(r.bytes).length]))`,
    );
    expect(result.errorInfo).toBeUndefined();
    expect(JSON.parse(result.stdout)).toEqual([
      'undefined',
      '1970-01-01T00:00:00.000Z',
      '{}',
      true,
      'undefined',
      true,
      'undefined',
      2,
    ]);
    expect(seen.hostObject.secret).toBe('host-only');
  });

  test('a value that is not JSON, or too large, fails the call and says why', async ({ run }) => {
    const result = await run(
      'javascript',
      `for (const name of ['circular', 'huge']) { try { await tools[name]({}) } catch (e) { console.log(e.name, e.message) } }`,
    );
    expect(result.stdout).toMatch(/ToolError circular returned a value that is not JSON/);
    expect(result.stdout).toMatch(
      /ToolError huge returned 300002 bytes of JSON, more than the 200000/,
    );
  });

  test('a host error message loses its host paths but keeps URLs', async ({ run }) => {
    const result = await run(
      'javascript',
      `try { await tools.stackLeak({}) } catch (e) { console.log(e.message); console.log(e.stack) }`,
    );
    expect(result.stdout).toContain('failed in <path> at <path>, see https://example.org/a/b');
    expect(result.stdout).not.toContain(import.meta.dirname);
    expect(result.stdout).not.toContain('secret.txt');
    // The error's stack is its headline: no frame of the sandbox's runtime or the host.
    expect(result.stdout).not.toMatch(/\n\s+at /);
  });

  test('a loop that never awaits stops at the cap without flooding the host', async ({ run }) => {
    const before = seen.hostObject.calls;
    const result = await run(
      'javascript',
      `let refused = 0; const all = [];
for (let i = 0; i < 20000; i++) all.push(tools.ping({}).catch(() => { refused++ }));
await Promise.all(all);
refused`,
      { timeout: 20_000 },
    );
    expect(result.errorInfo).toBeUndefined();
    expect(result.value).toBe('19900');
    expect(seen.hostObject.calls - before).toBe(100);
    expect(result.toolCalls).toHaveLength(101);
  });

  test('a tool that is not a function, or a missing one, is a clear error in the sandbox', async ({
    run,
  }) => {
    const result = await run(
      'javascript',
      `Object.isFrozen(tools) + ' ' + typeof tools.nope + ' ' + Object.keys(tools).join(',')`,
    );
    expect(result.value).toBe("'true undefined give,circular,huge,ping,hang,stackLeak'");
  });

  test("aborting the run aborts the tool's signal and rejects with RunAbortedError", async ({
    interpreter,
  }) => {
    const controller = new AbortController();
    const running = interpreter.run(
      { language: 'javascript', code: 'await tools.hang({})' },
      { signal: controller.signal },
    );
    await expect.poll(() => seen.signal !== undefined, { timeout: 10_000 }).toBe(true);
    controller.abort();
    await expect(running).rejects.toSatisfy((error) => RunAbortedError.isInstance(error));
    expect(seen.signal?.aborted).toBe(true);
  });

  test("a session keeps its tools across runs, and a program's own global `tools` is left alone", async ({
    interpreter,
  }) => {
    const session = interpreter.createSession({
      tools: {
        add: {
          inputSchema: { type: 'object' },
          execute: ({ a, b }: { a: number; b: number }) => a + b,
        },
      },
    });
    try {
      const first = await session.run({
        language: 'javascript',
        code: 'const x = await tools.add({ a: 2, b: 3 }); x',
      });
      expect(first.value).toBe('5');
      const second = await session.run({
        language: 'javascript',
        code: 'x + await tools.add({ a: 1, b: 1 })',
      });
      expect(second.value).toBe('7');
      const mine = await session.run({ language: 'javascript', code: 'var tools = "mine"; tools' });
      expect(mine.value).toBe("'mine'");
      const after = await session.run({ language: 'javascript', code: 'tools' });
      expect(after.value).toBe("'mine'");
    } finally {
      await session.close();
    }
  });
});
