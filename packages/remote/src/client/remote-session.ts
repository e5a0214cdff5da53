import {
  type CodeExecutionInput,
  type CommandInput,
  type CommandOptions,
  type CommandResult,
  checkSandboxTools,
  type ExecutionResult,
  InterpreterClosedError,
  mergeSandboxTools,
  type RunOptions,
  SandboxError,
  type SessionOptions,
} from '@code-interpreter/core';
import { nuid } from '@nats-io/transport-node';
import { SandboxHostLostError } from '../errors/sandbox-host-lost-error';
import {
  protocolVersion,
  type SessionCreateRequest,
  type WireCommandInput,
} from '../protocol/messages';
import { fromWireError } from '../protocol/wire-error';
import { toWireFiles } from '../protocol/wire-files';
import { refuseUnsupportedOptions } from './refuse-functions';
import type { RemoteCodeInterpreterSession } from './remote-code-interpreter-options';
import type { RemoteContext } from './remote-context';
import { createRemoteWorkspaceFiles } from './remote-workspace-files';
import { backoffMs, deniedError, requestHost, sleep } from './request-host';
import { runRemoteJob } from './run-remote-job';
import type { SessionAddress } from './session-reference';
import { timeLimitOf } from './time-limit';

const hosts = new WeakMap<RemoteCodeInterpreterSession, Promise<string>>();

/** The id of the host that took a session of this module (once it has), or `undefined`. */
export function hostOfSession(session: unknown): Promise<string> | undefined {
  return hosts.get(session as RemoteCodeInterpreterSession);
}

/**
 * A session on one sandbox host. It is created on a host at once (any host of the queue group
 * with room for it); its runs, commands, files and close then go to that host only. With
 * `attachTo`, it is a session another client created: nothing is sent until the first call, which
 * fails with the session-closed error (host holds no such session) or `SandboxHostLostError`.
 */
export function createRemoteSession(
  context: RemoteContext,
  options: SessionOptions,
  onClose: () => void,
  attachTo?: SessionAddress,
): RemoteCodeInterpreterSession {
  refuseUnsupportedOptions(options);
  const sessionTools = mergeSandboxTools(context.tools, checkSandboxTools(options.tools, 'tools'));
  const id = attachTo?.sessionId ?? nuid.next();
  let hostId: string | undefined = attachTo?.hostId;
  let lostError: SandboxHostLostError | undefined;
  let closed = false;

  /** The host that took the session; made again at the next call when no host took it. */
  let created = attachTo ? Promise.resolve(attachTo.hostId) : create();
  let creationFailed = false;
  const watchCreation = () =>
    created.catch(() => {
      creationFailed = true;
    });
  async function create(): Promise<string> {
    const request: SessionCreateRequest = {
      v: protocolVersion,
      sessionId: id,
      ...(options.memoryLimitMb === undefined ? {} : { memoryLimitMb: options.memoryLimitMb }),
      ...(options.network === undefined ? {} : { network: options.network }),
    };
    const deadline = Date.now() + context.queueTimeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      if (context.closed.aborted) throw new InterpreterClosedError();
      const answer = await requestHost(
        context.nc,
        context.subjects.sessionCreate,
        request,
        context.requestTimeoutMs,
      );
      if (answer.t === 'created') {
        hostId = answer.hostId;
        return answer.hostId;
      }
      if (answer.t === 'error') throw fromWireError(answer.error, answer.hostId);
      if (answer.t === 'denied') throw deniedError(answer);
      if (Date.now() >= deadline) {
        throw new SandboxError({
          message: `No sandbox host took the session within ${context.queueTimeoutMs} ms (last answer: ${answer.t}): start more hosts, raise their maxSessions, or raise queueTimeoutMs.`,
        });
      }
      await sleep(backoffMs(attempt));
    }
  }
  watchCreation();

  const ready = async (): Promise<string> => {
    if (closed) throw new InterpreterClosedError({ what: 'session' });
    if (lostError) throw lostError;
    if (creationFailed) {
      // No host took it (or one refused): it holds no state yet, so this call asks again
      // instead of failing for good.
      creationFailed = false;
      created = create();
      watchCreation();
      hosts.set(session, created);
    }
    return created;
  };
  const noteLost = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      if (SandboxHostLostError.isInstance(error)) lostError ??= error;
      throw error;
    });

  const session: RemoteCodeInterpreterSession = {
    id,
    get hostId() {
      return hostId;
    },
    files: createRemoteWorkspaceFiles(context, id, ready, (error) => {
      lostError ??= error;
    }),
    async run(input: CodeExecutionInput, runOptions: RunOptions = {}): Promise<ExecutionResult> {
      refuseUnsupportedOptions(runOptions);
      const tools = mergeSandboxTools(sessionTools, checkSandboxTools(runOptions.tools, 'tools'));
      const host = await ready();
      return noteLost(
        runRemoteJob<ExecutionResult>(context, {
          target: { hostId: host, sessionId: id },
          kind: 'run',
          input,
          timeoutMs: timeLimitOf(context.capabilities, input.timeout),
          ...(runOptions.files === undefined ? {} : { files: toWireFiles(runOptions.files) }),
          ...(runOptions.network === undefined ? {} : { network: runOptions.network }),
          ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }),
          ...(runOptions.onOutput === undefined ? {} : { onOutput: runOptions.onOutput }),
          ...(tools === undefined ? {} : { tools }),
        }),
      );
    },
    async exec(input: CommandInput, commandOptions: CommandOptions = {}): Promise<CommandResult> {
      const tools = mergeSandboxTools(
        sessionTools,
        checkSandboxTools(commandOptions.tools, 'tools'),
      );
      const host = await ready();
      const { stdin, ...rest } = input;
      const wireInput: WireCommandInput =
        stdin === undefined || typeof stdin === 'string'
          ? { ...rest, ...(stdin === undefined ? {} : { stdin }) }
          : { ...rest, stdinBase64: Buffer.from(stdin).toString('base64') };
      return noteLost(
        runRemoteJob<CommandResult>(context, {
          target: { hostId: host, sessionId: id },
          kind: 'exec',
          input: wireInput,
          timeoutMs: timeLimitOf(context.capabilities, input.timeoutMs),
          ...(commandOptions.signal === undefined ? {} : { signal: commandOptions.signal }),
          ...(commandOptions.onOutput === undefined ? {} : { onOutput: commandOptions.onOutput }),
          ...(tools === undefined ? {} : { tools }),
        }),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      onClose();
      const host = await created.catch(() => undefined);
      if (host === undefined || lostError) return;
      await requestHost(
        context.nc,
        context.subjects.sessionClose(host),
        { v: protocolVersion, sessionId: id },
        context.requestTimeoutMs,
      );
    },
  };
  hosts.set(session, created);
  return session;
}
