import { afterAll, beforeAll } from 'vitest';
import { interpreterContract } from '../../core/test/interpreter-contract-suite';
import { javascriptContractPrograms } from '../../core/test/javascript-contract-programs';
import { createRemoteCodeInterpreter } from '../dist/index.js';
import { type HostProcess, startHostProcess } from './test-support/host-processes';
import { startNatsServer, type TestNatsServer } from './test-support/nats-server';

/**
 * Core's interpreter contract (results, errors, sessions, reset after a timeout, streaming, abort,
 * workspace files) against createRemoteCodeInterpreter: the same suite the local interpreter
 * passes, over one nats-server and one sandbox host process with the same options.
 */
const options = { languages: ['javascript', 'typescript'] as ('javascript' | 'typescript')[] };
let nats: TestNatsServer;
let host: HostProcess;

beforeAll(async () => {
  nats = await startNatsServer();
  host = await startHostProcess({ servers: nats.url, workers: 1, ...options });
});

afterAll(async () => {
  await host?.stop();
  await nats?.stop();
});

interpreterContract({
  name: 'JavaScript, remote (over NATS)',
  language: 'javascript',
  options,
  programs: javascriptContractPrograms,
  create: () => createRemoteCodeInterpreter({ servers: nats.url }),
});
