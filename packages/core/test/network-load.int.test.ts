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
    languages: ['javascript'],
    workers: 2,
    network: { allow: [`127.0.0.1:${server.port}`], maxRequests: 50 },
  });
});
afterAll(async () => {
  await interpreter?.close();
  await server?.close();
});

it('1,000 requests from 20 concurrent runs: every one answered and recorded, the caps per run exact', async () => {
  const before = server.received.length;
  const program = `let ok = 0;
for (let batch = 0; batch < 5; batch++) {
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => fetch('http://127.0.0.1:${server.port}/echo?n=' + (batch * 10 + i))));
  ok += answers.filter((response) => response.status === 200).length;
}
let refused = '';
try { await fetch('http://127.0.0.1:${server.port}/echo?n=over') } catch (error) { refused = error.cause.message }
console.log(ok, refused)`;
  const results = await Promise.all(
    Array.from({ length: 20 }, () =>
      interpreter.run({ language: 'javascript', code: program, timeout: 30_000 }),
    ),
  );
  for (const result of results) {
    expect(result.errorInfo).toBeUndefined();
    expect(result.stdout).toMatch(/^50 .*already made 50 network requests/);
    // 50 answered, and the first refusal.
    expect(result.network).toHaveLength(51);
    expect(result.network?.filter((hop) => hop.status === 200)).toHaveLength(50);
  }
  expect(server.received.length - before).toBe(1_000);
}, 120_000);
