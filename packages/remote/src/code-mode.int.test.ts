import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxTools } from '@code-interpreter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeModeContract, codeModeToolLimits } from '../../core/test/code-mode-contract';
import {
  javascriptCodeModePrograms,
  pythonCodeModePrograms,
} from '../../core/test/code-mode-programs';
import { createRemoteCodeInterpreter, type RemoteCodeInterpreter } from '../dist/index.js';
import { type HostProcess, startHostProcess } from './test-support/host-processes';
import { startNatsServer, type TestNatsServer } from './test-support/nats-server';

/**
 * Code mode over NATS: the code runs on a sandbox host, the application's tools run in the
 * client's process. Core's code-mode contract (many calls, copies, host errors that leak nothing,
 * schema checks, the call cap, a hanging tool cut by the deadline, the concurrency cap, tools per
 * run) against createRemoteCodeInterpreter, for JavaScript and native Python; then what only a
 * remote interpreter has: session and command tools, NATS's max_payload, a client that goes away.
 */
let nats: TestNatsServer;
let host: HostProcess;
let folder: string;
const hostOptions = {
  languages: ['javascript', 'typescript', 'python'],
  python: 'native',
  toolLimits: codeModeToolLimits,
};

beforeAll(async () => {
  // A small max_payload, so one test can pass it with an output the run's limits allow.
  folder = mkdtempSync(join(tmpdir(), 'code-mode-nats-'));
  nats = await startNatsServer({
    configFile: (port) => {
      const file = join(folder, 'nats.conf');
      writeFileSync(file, `listen: 127.0.0.1:${port}\nmax_payload: 262144\n`);
      return file;
    },
  });
  host = await startHostProcess({ servers: nats.url, workers: 1, ...hostOptions });
});

afterAll(async () => {
  await host?.stop();
  await nats?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const create = ({ tools }: { tools: SandboxTools }) =>
  createRemoteCodeInterpreter({ servers: nats.url, tools });

codeModeContract({
  name: 'JavaScript, remote (over NATS)',
  language: 'javascript',
  options: {},
  programs: javascriptCodeModePrograms,
  create,
});

codeModeContract({
  name: 'Python (native), remote (over NATS)',
  language: 'python',
  options: {},
  programs: pythonCodeModePrograms,
  create,
});

describe('code mode over NATS, beyond the contract', () => {
  let interpreter: RemoteCodeInterpreter;
  const calls: string[] = [];
  const tools: SandboxTools = {
    whoAmI: {
      inputSchema: { type: 'object' },
      execute: () => {
        calls.push('whoAmI');
        return { pid: process.pid };
      },
    },
  };
  beforeAll(async () => {
    interpreter = await createRemoteCodeInterpreter({ servers: nats.url, tools });
  });
  afterAll(async () => {
    await interpreter?.close();
  });

  it("runs the tool in the client's process, not on the host", async () => {
    const result = await interpreter.run({
      language: 'javascript',
      code: 'console.log((await tools.whoAmI({})).pid)',
    });
    expect(result.stdout.trim()).toBe(String(process.pid));
    expect(Number(result.stdout)).not.toBe(host.child.pid);
  });

  it("a session's runs get its tools and the interpreter's; its commands get a command's own too", async () => {
    const session = interpreter.createSession({
      tools: {
        sessionTool: { inputSchema: { type: 'object' }, execute: () => 'from the session' },
      },
    });
    try {
      const run = await session.run({
        language: 'javascript',
        code: 'console.log(await tools.sessionTool({}), typeof (await tools.whoAmI({})).pid)',
      });
      expect(run.stdout.trim()).toBe('from the session number');
      const command = await session.exec(
        {
          command: `node -e "console.log(await tools.commandTool({ n: 2 }), await tools.sessionTool({}))" && python3 -c "print(tools.command_tool.sync(n=3))"`,
        },
        {
          tools: {
            commandTool: {
              inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
              execute: ({ n }: { n: number }) => n * 10,
            },
          },
        },
      );
      expect(command.stderr).toBe('');
      expect(command.stdout).toBe('20 from the session\n30\n');
      expect(command.toolCalls?.map((call) => call.name)).toEqual([
        'commandTool',
        'sessionTool',
        'commandTool',
      ]);
      const without = await session.exec({
        command: `node -e "await tools.commandTool({ n: 1 })"`,
      });
      expect(without.exitCode).not.toBe(0);
    } finally {
      await session.close();
    }
  });

  it("an output larger than the NATS server's max_payload fails that call with a clear error, and the run goes on", async () => {
    const result = await interpreter.run(
      {
        language: 'javascript',
        code: `try { await tools.big({}) } catch (e) { console.log(e.name, e.message) }
console.log((await tools.small({})).length)`,
      },
      {
        tools: {
          big: { inputSchema: { type: 'object' }, execute: () => 'x'.repeat(300 * 1024) },
          small: { inputSchema: { type: 'object' }, execute: () => 'x'.repeat(1024) },
        },
      },
    );
    expect(result.stdout).toMatch(
      /^ToolError big returned \d+ bytes of JSON, more than the NATS server's max_payload \(262144 bytes\)/,
    );
    expect(result.stdout.trim().split('\n').at(-1)).toBe('1024');
  });

  it('a tool still running when the client closes is aborted, and the run ends', async () => {
    const other = await createRemoteCodeInterpreter({ servers: nats.url });
    let signal: AbortSignal | undefined;
    const started = new Promise<void>((resolve) => {
      void other
        .run(
          { language: 'javascript', code: 'await tools.wait({})', timeout: 20_000 },
          {
            tools: {
              wait: {
                inputSchema: { type: 'object' },
                execute: (_input: unknown, options: { signal: AbortSignal }) => {
                  signal = options.signal;
                  resolve();
                  return new Promise(() => {});
                },
              },
            },
          },
        )
        .catch(() => {});
    });
    await started;
    await other.close();
    expect(signal?.aborted).toBe(true);
    // The host is free again: the next run is answered at once.
    const next = await interpreter.run({ language: 'javascript', code: '1 + 1' });
    expect(next.value).toBe('2');
  });
});
