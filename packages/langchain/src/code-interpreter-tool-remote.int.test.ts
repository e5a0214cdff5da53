import { afterAll, beforeAll } from 'vitest';
import { createRemoteCodeInterpreter } from '../../remote/dist/index.js';
import { type HostProcess, startHostProcess } from '../../remote/src/test-support/host-processes';
import { startNatsServer, type TestNatsServer } from '../../remote/src/test-support/nats-server';
import { codeInterpreterToolSuite } from './test-support/code-interpreter-tool-suite';

// The tool's tests again, over createRemoteCodeInterpreter: one nats-server and one sandbox host
// process with the options the local suite's interpreter has.
let nats: TestNatsServer;
let host: HostProcess;
beforeAll(async () => {
  nats = await startNatsServer();
  host = await startHostProcess({ servers: nats.url, workers: 1, prewarm: true });
});
afterAll(async () => {
  await host?.stop();
  await nats?.stop();
});

codeInterpreterToolSuite('remote', () =>
  createRemoteCodeInterpreter({ servers: nats.url, queueTimeoutMs: 120_000 }),
);
