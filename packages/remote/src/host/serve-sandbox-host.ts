import { hostname } from 'node:os';
import {
  type CodeExecutionInput,
  type CodeInterpreterSession,
  type CommandInput,
  createCodeInterpreter,
  type RunOptions,
} from '@code-interpreter/core';
import { type ServiceMsg, Svcm } from '@nats-io/services';
import { connect } from '@nats-io/transport-node';
import { natsConnectionOptions } from '../nats/nats-connection-options';
import {
  type CancelRequest,
  decodeMessage,
  encodeMessage,
  type HostReply,
  type JobMessage,
  type JobRequest,
  protocolVersion,
  type SessionCloseRequest,
  type SessionCreateRequest,
  type ToolAnswerMessage,
  type WireCommandInput,
} from '../protocol/messages';
import { hostQueueGroup, sandboxHostServiceName, subjectsFor } from '../protocol/subjects';
import { toWireError } from '../protocol/wire-error';
import { fromWireFiles } from '../protocol/wire-files';
import { ClientToolCalls } from './client-tool-calls';
import { defaultMaxConcurrentRuns } from './default-capacity';
import { watchRefusedSubscriptions } from './refused-subscriptions';
import type { SandboxHost, SandboxHostLoad, SandboxHostOptions } from './sandbox-host-options';
import { handleSessionFiles } from './session-files-handler';

/**
 * Runs a sandbox host: a `CodeInterpreter` answering on NATS as a service of the NATS services
 * framework (`code-interpreter-sandbox-host`: info, stats and ping for discovery). Stateless runs
 * and new sessions arrive on a queue group shared by all hosts; a host at capacity answers
 * "busy" and the client offers the work to another. A session's later runs, commands, files and
 * close go to the host that holds it, on that host's own subjects.
 *
 * @example
 * ```ts
 * const host = await serveSandboxHost({ servers: 'nats://127.0.0.1:4222', workers: 2 });
 * process.on('SIGTERM', () => host.close());
 * ```
 */
export async function serveSandboxHost(options: SandboxHostOptions): Promise<SandboxHost> {
  const {
    servers,
    name = hostname(),
    subjectPrefix,
    maxConcurrentRuns,
    maxSessions = 16,
    sessionIdleTimeoutMs = 30 * 60_000,
    connectionOptions,
    credentials,
    tls,
    interpreter: givenInterpreter,
    ...interpreterOptions
  } = options;
  const subjects = subjectsFor(subjectPrefix);
  if (!(sessionIdleTimeoutMs > 0)) {
    throw new TypeError(
      `sessionIdleTimeoutMs must be a positive number of ms (Infinity keeps idle sessions), got ${sessionIdleTimeoutMs}.`,
    );
  }
  const maxRuns = maxConcurrentRuns ?? defaultMaxConcurrentRuns(interpreterOptions.workers);
  const interpreter = givenInterpreter ?? createCodeInterpreter(interpreterOptions);
  const nc = await connect({
    maxReconnectAttempts: -1,
    ...natsConnectionOptions({ credentials, tls }, connectionOptions),
    servers,
    name: `${sandboxHostServiceName} ${name}`,
  });
  const refusedSubscriptions = watchRefusedSubscriptions(nc);

  const sessions = new Map<string, CodeInterpreterSession>();
  /** When each session was last used, and how many of its jobs are running. */
  const activity = new Map<string, { lastUsed: number; running: number }>();
  const touch = (sessionId: string, runningChange = 0) => {
    const entry = activity.get(sessionId);
    if (!entry) return;
    entry.lastUsed = Date.now();
    entry.running += runningChange;
  };
  const jobs = new Map<string, AbortController>();
  const clientTools = new ClientToolCalls((subject, data) => nc.publish(subject, data));
  let runsInFlight = 0;
  let sessionJobsInFlight = 0;
  let closed = false;
  const load = (): SandboxHostLoad => ({
    runsInFlight,
    sessionJobsInFlight,
    sessions: sessions.size,
    maxConcurrentRuns: maxRuns,
    maxSessions,
  });

  // @nats-io/services 3.0.0-25 (the newest published next to transport-node 3.4) was typed
  // against nats-core 3.0.0-50; it only calls the connection's public methods.
  const svcm = new Svcm(nc as unknown as ConstructorParameters<typeof Svcm>[0]);
  const service = await svcm.add({
    name: sandboxHostServiceName,
    version: `${protocolVersion}.0.0`,
    description: 'Runs code in code-interpreter sandboxes',
    queue: hostQueueGroup,
    metadata: { name },
    statsHandler: async () => load(),
  });
  const hostId = service.info().id;

  const reply = (msg: ServiceMsg, message: HostReply) => {
    if (msg.reply) msg.respond(encodeMessage(message));
  };
  const publish = (subject: string, message: JobMessage) => {
    if (nc.isClosed()) return;
    try {
      nc.publish(subject, encodeMessage(message));
    } catch (error) {
      // Most likely larger than the server's max_payload: say so instead of leaving the client waiting.
      if (message.t !== 'result') return;
      const text = error instanceof Error ? error.message : String(error);
      nc.publish(
        subject,
        encodeMessage({
          t: 'error',
          runId: message.runId,
          error: { kind: 'sandbox', message: `The result could not be sent over NATS: ${text}` },
        } satisfies JobMessage),
      );
    }
  };
  const parse = <T extends { v: number }>(msg: ServiceMsg): T | undefined => {
    try {
      const request = decodeMessage<T>(msg.data);
      if (request.v === protocolVersion) return request;
    } catch {}
    reply(msg, {
      t: 'error',
      hostId,
      error: {
        kind: 'bad-request',
        message: `Sandbox host ${hostId} speaks protocol version ${protocolVersion} and could not read this request.`,
      },
    });
    return undefined;
  };

  const refuseInbox = (msg: ServiceMsg) =>
    reply(msg, {
      t: 'error',
      hostId,
      error: {
        kind: 'bad-request',
        message: `Sandbox host ${hostId} publishes a job's output only to a plain subject (no wildcards or spaces).`,
      },
    });

  async function runJob(request: JobRequest, session: CodeInterpreterSession | undefined) {
    const controller = new AbortController();
    jobs.set(request.runId, controller);
    const heartbeat = setInterval(
      () => publish(request.inbox, { t: 'heartbeat', runId: request.runId }),
      request.heartbeatMs,
    );
    // Output streams only to a caller that takes it (the result carries it all anyway).
    const onOutput: RunOptions['onOutput'] =
      request.stream === false
        ? undefined
        : (chunk) => publish(request.inbox, { t: 'output', runId: request.runId, chunk });
    try {
      const tools = clientTools.toolsFor(request);
      let result: Awaited<ReturnType<CodeInterpreterSession['run' | 'exec']>>;
      if (request.kind === 'exec' && session) {
        result = await session.exec(fromWireCommandInput(request.input as WireCommandInput), {
          signal: controller.signal,
          ...(onOutput ? { onOutput } : {}),
          ...(tools ? { tools } : {}),
        });
      } else {
        const runOptions: RunOptions = {
          signal: controller.signal,
          ...(onOutput ? { onOutput } : {}),
          ...(tools ? { tools } : {}),
        };
        if (request.files) runOptions.files = fromWireFiles(request.files);
        if (request.network !== undefined) runOptions.network = request.network;
        const input = request.input as CodeExecutionInput;
        result = await (session ?? interpreter).run(input, runOptions);
      }
      publish(request.inbox, { t: 'result', runId: request.runId, result });
    } catch (error) {
      publish(request.inbox, { t: 'error', runId: request.runId, error: toWireError(error) });
    } finally {
      clearInterval(heartbeat);
      jobs.delete(request.runId);
      clientTools.endJob(request.runId);
      if (session) {
        sessionJobsInFlight -= 1;
        if (request.sessionId !== undefined) touch(request.sessionId, -1);
      } else runsInFlight -= 1;
    }
  }

  service.addEndpoint('run', {
    subject: subjects.run,
    handler: (error, msg) => {
      if (error) return;
      const request = parse<JobRequest>(msg);
      if (!request) return;
      if (!isPlainSubject(request.inbox)) return refuseInbox(msg);
      if (closed || runsInFlight >= maxRuns) return reply(msg, { t: 'busy', hostId });
      runsInFlight += 1;
      reply(msg, { t: 'accepted', hostId });
      void runJob(request, undefined);
    },
  });

  service.addEndpoint('session-create', {
    subject: subjects.sessionCreate,
    handler: (error, msg) => {
      if (error) return;
      const request = parse<SessionCreateRequest>(msg);
      if (!request) return;
      if (closed || sessions.size >= maxSessions) return reply(msg, { t: 'busy', hostId });
      try {
        const session = interpreter.createSession({
          ...(request.memoryLimitMb === undefined ? {} : { memoryLimitMb: request.memoryLimitMb }),
          ...(request.network === undefined ? {} : { network: request.network }),
        });
        sessions.set(request.sessionId, session);
        activity.set(request.sessionId, { lastUsed: Date.now(), running: 0 });
        reply(msg, { t: 'created', hostId });
      } catch (createError) {
        reply(msg, { t: 'error', hostId, error: toWireError(createError) });
      }
    },
  });

  service.addEndpoint('capabilities', {
    subject: subjects.capabilities,
    handler: (error, msg) => {
      if (error) return;
      reply(msg, { t: 'capabilities', hostId, capabilities: interpreter.capabilities });
    },
  });

  const own = service.addGroup(subjects.host(hostId));
  const sessionJob = (kind: JobRequest['kind']) => (error: Error | null, msg: ServiceMsg) => {
    if (error) return;
    const request = parse<JobRequest>(msg);
    if (!request) return;
    if (!isPlainSubject(request.inbox)) return refuseInbox(msg);
    const session = request.sessionId === undefined ? undefined : sessions.get(request.sessionId);
    if (!session || request.kind !== kind) {
      return reply(msg, {
        t: 'error',
        hostId,
        error: {
          kind: 'unknown-session',
          sessionId: String(request.sessionId),
          message: `Sandbox host ${hostId} holds no session ${request.sessionId}.`,
        },
      });
    }
    sessionJobsInFlight += 1;
    touch(String(request.sessionId), +1);
    reply(msg, { t: 'accepted', hostId });
    void runJob(request, session);
  };
  own.addEndpoint('session-run', sessionJob('run'));
  own.addEndpoint('session-exec', sessionJob('exec'));
  own.addEndpoint('session-files', (error, msg) => {
    if (error) return;
    try {
      touch(decodeMessage<{ sessionId?: unknown }>(msg.data).sessionId as string);
    } catch {}
    void handleSessionFiles(msg, hostId, sessions);
  });
  own.addEndpoint('session-close', (error, msg) => {
    if (error) return;
    const request = parse<SessionCloseRequest>(msg);
    if (!request) return;
    const session = sessions.get(request.sessionId);
    sessions.delete(request.sessionId);
    activity.delete(request.sessionId);
    void (session?.close() ?? Promise.resolve())
      .catch(() => {})
      .then(() => reply(msg, { t: 'closed', hostId }));
  });
  own.addEndpoint('tool-answer', (error, msg) => {
    if (error) return;
    try {
      const answer = decodeMessage<ToolAnswerMessage>(msg.data);
      if (answer.v === protocolVersion) clientTools.answer(answer);
    } catch {}
  });
  own.addEndpoint('cancel', (error, msg) => {
    if (error) return;
    try {
      const { runId } = decodeMessage<CancelRequest>(msg.data);
      jobs.get(runId)?.abort(new Error('The client cancelled the run.'));
    } catch {}
    if (msg.reply) msg.respond();
  });

  // No client may be left to close a session (shared ones, or a client that died): end those
  // idle past the bound. A session with a job running is not idle.
  const endIdleSessions = () => {
    const now = Date.now();
    for (const [sessionId, entry] of activity) {
      if (entry.running > 0 || now - entry.lastUsed <= sessionIdleTimeoutMs) continue;
      const session = sessions.get(sessionId);
      sessions.delete(sessionId);
      activity.delete(sessionId);
      void session?.close().catch(() => {});
    }
  };
  const idleSweep = Number.isFinite(sessionIdleTimeoutMs)
    ? setInterval(endIdleSessions, Math.min(60_000, Math.max(50, sessionIdleTimeoutMs / 4)))
    : undefined;
  idleSweep?.unref();

  let closing: Promise<void> | undefined;
  const host: SandboxHost = {
    id: hostId,
    load,
    close() {
      closing ??= (async () => {
        closed = true;
        clearInterval(idleSweep);
        await service.stop().catch(() => {});
        for (const controller of jobs.values()) controller.abort(new Error('The host is closing.'));
        await Promise.allSettled([...sessions.values()].map((session) => session.close()));
        sessions.clear();
        activity.clear();
        if (!givenInterpreter) await interpreter.close();
        await nc.drain().catch(() => nc.close());
      })();
      return closing;
    },
  };
  // The server refuses a subscription the host's user may not make with an error after the
  // fact; a round trip makes sure every such error has arrived before the host says it serves.
  await nc.flush();
  const refused = await refusedSubscriptions.stop();
  if (refused.length > 0) {
    await host.close();
    throw new TypeError(
      `The NATS server does not let this sandbox host subscribe to ${refused.join(', ')}: give the host's user subscribe permission on ${subjects.run.replace(/\.run$/, '.>')} and $SRV.> (see "Securing NATS" in the @code-interpreter/remote README).`,
    );
  }
  return host;
}

/** A subject the host may publish a job's messages to: no wildcards, no spaces, not empty. */
function isPlainSubject(subject: unknown): boolean {
  return typeof subject === 'string' && /^[^\s*>.]+(\.[^\s*>.]+)*$/.test(subject);
}

function fromWireCommandInput(input: WireCommandInput): CommandInput {
  const { stdinBase64, ...rest } = input;
  return stdinBase64 === undefined
    ? rest
    : { ...rest, stdin: new Uint8Array(Buffer.from(stdinBase64, 'base64')) };
}
