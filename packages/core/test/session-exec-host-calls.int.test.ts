import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CodeInterpreter } from '../src/interpreter/code-interpreter';
import { createCodeInterpreter } from '../src/interpreter/create-code-interpreter';
import {
  type LoopbackTestServer,
  startLoopbackTestServer,
} from '../src/network/loopback-test-server';

let server: LoopbackTestServer;
let interpreter: CodeInterpreter;
beforeAll(async () => {
  server = await startLoopbackTestServer();
  interpreter = createCodeInterpreter({
    workers: 1,
    tools: {
      getStock: {
        inputSchema: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
        execute: ({ sku }: { sku: string }) => ({ sku, units: 7 }),
      },
    },
    network: { allow: [`127.0.0.1:${server.port}`] },
  });
});
afterAll(async () => {
  await interpreter?.close();
  await server?.close();
});

it("a command line's python3 and node programs get the session's tools and network, and the result records them", async () => {
  const session = interpreter.createSession();
  try {
    const url = `http://127.0.0.1:${server.port}/echo?from=exec`;
    const result = await session.exec({
      command: [
        `python3 -c "import urllib.request, json; print(tools.get_stock.sync(sku='A')['units'], json.loads(urllib.request.urlopen('${url}').read())['url'])"`,
        `node -e "const s = await tools.getStock({ sku: 'B' }); const r = await fetch('${url}'); console.log(s.units, r.status)"`,
      ].join(' && '),
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').slice(0, 2)).toEqual(['7 /echo?from=exec', '7 200']);
    expect(result.toolCalls?.map((call) => call.input)).toEqual([{ sku: 'A' }, { sku: 'B' }]);
    expect(result.network?.map((hop) => hop.status)).toEqual([200, 200]);
  } finally {
    await session.close();
  }
});

it("a command's own tools are added to the session's, for that command only", async () => {
  const session = interpreter.createSession();
  try {
    const command = `node -e "console.log(JSON.stringify(await tools.extra({})))"`;
    const withTool = await session.exec(
      { command },
      {
        tools: { extra: { inputSchema: { type: 'object' }, execute: () => ({ from: 'command' }) } },
      },
    );
    expect(withTool.stdout.trim()).toBe('{"from":"command"}');
    expect(withTool.toolCalls?.map((call) => call.name)).toEqual(['extra']);
    const without = await session.exec({ command });
    expect(without.exitCode).not.toBe(0);
    expect(without.stderr).toMatch(/extra/);
  } finally {
    await session.close();
  }
});
