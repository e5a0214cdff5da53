import {
  type CodeExecutionInput,
  type CodeInterpreterCapabilities,
  type CodeInterpreterSession,
  checkSandboxTools,
  type ExecutionResult,
  InterpreterClosedError,
  mergeSandboxTools,
  type RunOptions,
  SandboxError,
  type SessionOptions,
} from '@code-interpreter/core';
import { connect } from '@nats-io/transport-node';
import { natsConnectionOptions } from '../nats/nats-connection-options';
import { subjectsFor } from '../protocol/subjects';
import { toWireFiles } from '../protocol/wire-files';
import { refuseUnsupportedOptions } from './refuse-functions';
import type {
  RemoteCodeInterpreter,
  RemoteCodeInterpreterOptions,
  RemoteCodeInterpreterSession,
} from './remote-code-interpreter-options';
import type { RemoteContext } from './remote-context';
import { createRemoteSession, hostOfSession } from './remote-session';
import { backoffMs, deniedError, requestHost, sleep } from './request-host';
import { runRemoteJob } from './run-remote-job';
import { formatSessionReference, parseSessionReference } from './session-reference';
import { timeLimitOf } from './time-limit';

/**
 * Connects to NATS and returns a `CodeInterpreter` whose runs and sessions execute on sandbox
 * hosts (`serveSandboxHost`). It waits for one host to report the capabilities (languages,
 * limits), so at least one host must be up within `queueTimeoutMs`. The AI SDK, LangChain, MCP
 * and CLI adapters take it like a local interpreter. Its `tools` run in this process: the code on
 * the host calls them over NATS.
 *
 * @example
 * ```ts
 * const interpreter = await createRemoteCodeInterpreter({ servers: 'nats://127.0.0.1:4222' });
 * const result = await interpreter.run({ language: 'python', code: 'print(6 * 7)' });
 * await interpreter.close();
 * ```
 */
export async function createRemoteCodeInterpreter(
  options: RemoteCodeInterpreterOptions,
): Promise<RemoteCodeInterpreter> {
  const {
    servers,
    subjectPrefix,
    inboxPrefix = '_INBOX',
    connectionOptions,
    queueTimeoutMs = 30_000,
    requestTimeoutMs = 2_000,
    heartbeatIntervalMs = 1_000,
    hostLostAfterMs = 5_000,
    deadlineMarginMs = 30_000,
  } = options;
  const subjects = subjectsFor(subjectPrefix);
  const tools = checkSandboxTools(options.tools, 'tools');
  const nc = await connect({
    maxReconnectAttempts: -1,
    name: 'code-interpreter remote client',
    ...natsConnectionOptions(options, connectionOptions),
    inboxPrefix,
    servers,
  });
  let capabilities: CodeInterpreterCapabilities;
  try {
    capabilities = await fetchCapabilities();
  } catch (error) {
    await nc.close();
    throw error;
  }
  const closeController = new AbortController();
  const context: RemoteContext = {
    nc,
    subjects,
    inboxPrefix,
    capabilities,
    queueTimeoutMs,
    requestTimeoutMs,
    heartbeatIntervalMs,
    hostLostAfterMs,
    deadlineMarginMs,
    tools,
    closed: closeController.signal,
  };
  /** Sessions this client ends on close(): its own, not yet shared by a reference. */
  const sessions = new Set<RemoteCodeInterpreterSession>();
  const own = new WeakSet<CodeInterpreterSession>();
  let closing: Promise<void> | undefined;

  async function fetchCapabilities(): Promise<CodeInterpreterCapabilities> {
    const deadline = Date.now() + queueTimeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      const answer = await requestHost(nc, subjects.capabilities, {}, requestTimeoutMs);
      if (answer.t === 'capabilities') return answer.capabilities;
      if (answer.t === 'denied') throw deniedError(answer);
      if (Date.now() >= deadline) {
        throw new SandboxError({
          message: `No sandbox host answered on ${subjects.capabilities} within ${queueTimeoutMs} ms: start one with serveSandboxHost (or \`code-interpreter host\`) on the same NATS servers and subject prefix.`,
        });
      }
      await sleep(Math.max(backoffMs(attempt), 50));
    }
  }

  return {
    capabilities,
    async run(input: CodeExecutionInput, runOptions: RunOptions = {}): Promise<ExecutionResult> {
      if (closeController.signal.aborted) throw new InterpreterClosedError();
      refuseUnsupportedOptions(runOptions);
      const runTools = mergeSandboxTools(tools, checkSandboxTools(runOptions.tools, 'tools'));
      return runRemoteJob<ExecutionResult>(context, {
        target: { shared: true },
        kind: 'run',
        input,
        timeoutMs: timeLimitOf(capabilities, input.timeout),
        ...(runOptions.files === undefined ? {} : { files: toWireFiles(runOptions.files) }),
        ...(runOptions.network === undefined ? {} : { network: runOptions.network }),
        ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }),
        ...(runOptions.onOutput === undefined ? {} : { onOutput: runOptions.onOutput }),
        ...(runTools === undefined ? {} : { tools: runTools }),
      });
    },
    createSession(sessionOptions: SessionOptions = {}): RemoteCodeInterpreterSession {
      if (closeController.signal.aborted) throw new InterpreterClosedError();
      const session = createRemoteSession(context, sessionOptions, () => sessions.delete(session));
      sessions.add(session);
      own.add(session);
      return session;
    },
    async sessionReference(session: CodeInterpreterSession): Promise<string> {
      const host = own.has(session) ? hostOfSession(session) : undefined;
      if (!host) {
        throw new TypeError(
          'sessionReference takes a session this interpreter created with createSession() or attachSession().',
        );
      }
      const hostId = await host;
      sessions.delete(session as RemoteCodeInterpreterSession);
      return formatSessionReference({ hostId, sessionId: session.id });
    },
    attachSession(reference: string): RemoteCodeInterpreterSession {
      if (closeController.signal.aborted) throw new InterpreterClosedError();
      const session = createRemoteSession(context, {}, () => {}, parseSessionReference(reference));
      own.add(session);
      return session;
    },
    close() {
      closing ??= (async () => {
        const open = [...sessions];
        closeController.abort();
        await Promise.allSettled(open.map((session) => session.close()));
        await nc.drain().catch(() => nc.close());
      })();
      return closing;
    },
  };
}
