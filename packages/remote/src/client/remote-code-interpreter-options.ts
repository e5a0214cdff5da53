import type {
  CodeInterpreter,
  CodeInterpreterSession,
  SandboxTools,
  SessionOptions,
} from '@code-interpreter/core';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import type { NatsSecurityOptions } from '../nats/nats-security-options';

/**
 * Options of {@link createRemoteCodeInterpreter}. `credentials` and `tls` (from
 * `NatsSecurityOptions`) say how to connect to a NATS server that requires them.
 */
export interface RemoteCodeInterpreterOptions extends NatsSecurityOptions {
  /** The NATS server(s) the sandbox hosts answer on, e.g. `'nats://127.0.0.1:4222'`. */
  servers: string | string[];
  /**
   * First token(s) of every subject of the protocol; must match the hosts'.
   * @default 'code-interpreter'
   */
  subjectPrefix?: string;
  /**
   * Prefix of the inbox subjects this client receives replies, output and results on. When
   * clients must not read each other's results, give each client its own prefix (e.g.
   * `_INBOX.<client>`) and let it subscribe only under it (README, "Securing NATS").
   * @default '_INBOX'
   */
  inboxPrefix?: string;
  /**
   * More NATS connection options (reconnect timing, `name`, or an `authenticator` of your own).
   * `servers`, `credentials`, `tls` and `inboxPrefix` above win.
   * @default { maxReconnectAttempts: -1 } (reconnect forever)
   */
  connectionOptions?: Omit<NodeConnectionOptions, 'servers'>;
  /**
   * How long a stateless run or a new session may wait for a host to take it (all hosts busy,
   * none running, or NATS reconnecting) before it fails with `SandboxError`. Also bounds the
   * wait for the capabilities when the interpreter is created.
   * @default 30000
   */
  queueTimeoutMs?: number;
  /**
   * How long one request to a host may go unanswered before it is offered again (stateless runs
   * and new sessions) or its host counts as lost (session calls).
   * @default 2000
   */
  requestTimeoutMs?: number;
  /**
   * How often a host sends a heartbeat for a run it is running, in ms.
   * @default 1000
   */
  heartbeatIntervalMs?: number;
  /**
   * A host that sends nothing for a run (no output, no heartbeat) for this long is lost: the run
   * fails with `SandboxHostLostError`, and so does the session it belonged to.
   * @default 5000
   */
  hostLostAfterMs?: number;
  /**
   * Time added to a run's own time limit before the client stops waiting for its result (covers
   * a Python boot and a wait for a free worker on the host); the run then fails with `SandboxError`.
   * @default 30000
   */
  deadlineMarginMs?: number;
  /**
   * The application's tools every run's code may call (code mode), as with a local interpreter:
   * `await tools.name(input)` in JavaScript/TypeScript, `await tools.name(**input)` in Python. The
   * code runs on a host; each call comes back over NATS and `execute` runs here, in this process,
   * after the input is checked against the tool's `inputSchema`. Only the tools' names cross to
   * the host. A session's, a run's and a command's own `tools` are added to these (a name given
   * again replaces the tool). The hosts' `toolLimits` bound the calls (count, concurrency, sizes);
   * an input or output larger than the NATS server's `max_payload` fails that call.
   * @default {} (no tools)
   */
  tools?: SandboxTools;
}

/** A session held by one sandbox host. */
export interface RemoteCodeInterpreterSession extends CodeInterpreterSession {
  /**
   * Id of the host that holds the session; `undefined` until a host has taken it (sessions are
   * created on a host right away, and every call waits for that).
   */
  readonly hostId: string | undefined;
}

/** A `CodeInterpreter` whose sandboxes run on sandbox hosts reached over NATS. */
export interface RemoteCodeInterpreter extends CodeInterpreter {
  createSession(options?: SessionOptions): RemoteCodeInterpreterSession;
  /**
   * Names a session so another client (another process, on the same NATS servers and subject
   * prefix) can reach it with {@link RemoteCodeInterpreter.attachSession}: `cir1.<hostId>.<sessionId>`,
   * a JSON-safe string. It waits until a host has taken the session.
   *
   * A referenced session is shared: this interpreter's `close()` lets go of it without ending it
   * (`session.close()` still ends it, for every client); the host ends it after its
   * `sessionIdleTimeoutMs` without a call. The reference is not a secret check: anyone who can
   * publish on the hosts' subjects and knows it can use the session, so hand it only to your own
   * services (the MCP front ends sign it inside their handles).
   *
   * @example
   * ```ts
   * const reference = await interpreter.sessionReference(session); // on front end A
   * const same = otherInterpreter.attachSession(reference); // on front end B
   * ```
   */
  sessionReference(session: CodeInterpreterSession): Promise<string>;
  /**
   * The session a reference names, routed to the host that holds it. Nothing is sent until the
   * first call: if the session has ended (closed, or idle past the host's bound), that call throws
   * `InterpreterClosedError` (a closed session); if its host is gone, `SandboxHostLostError`.
   * This interpreter's `close()` does not end it. A string that is not a reference throws
   * `InvalidInputError` at once.
   */
  attachSession(reference: string): RemoteCodeInterpreterSession;
}
