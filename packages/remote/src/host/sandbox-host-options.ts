import type { CodeInterpreter, CodeInterpreterOptions } from '@code-interpreter/core';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import type { NatsSecurityOptions } from '../nats/nats-security-options';

/**
 * Options of {@link serveSandboxHost}: where to connect (with `credentials` and `tls` from
 * `NatsSecurityOptions`), how much to take, and the interpreter's own options.
 */
export interface SandboxHostOptions extends CodeInterpreterOptions, NatsSecurityOptions {
  /**
   * The NATS server(s) to connect to, e.g. `'nats://127.0.0.1:4222'`.
   */
  servers: string | string[];
  /**
   * A name for this host, shown in the services framework's info and stats (`nats micro info`).
   * The host's id (its service instance id) is unique either way.
   * @default os.hostname()
   */
  name?: string;
  /**
   * First token(s) of every subject of the protocol; clients must use the same prefix.
   * @default 'code-interpreter'
   */
  subjectPrefix?: string;
  /**
   * Most stateless runs this host runs at once. A run offered beyond it is answered "busy" and
   * the client offers it to another host (or again after a short backoff).
   * @default 2 × `workers` (`workers` defaults to Math.min(4, os.availableParallelism()))
   */
  maxConcurrentRuns?: number;
  /**
   * Most sessions this host holds at once. A session asked for beyond it is answered "busy" and
   * the client asks another host.
   * @default 16
   */
  maxSessions?: number;
  /**
   * A session with no run, command or file call for this long is ended by the host (its sandbox
   * freed; later calls on it throw the session-closed `InterpreterClosedError`), in ms. A session
   * with a run or command in progress is never idle. This is what ends sessions nobody closes:
   * a client that died, or sessions shared by reference (`sessionReference`/`attachSession`, as
   * MCP front ends with shared handles do), which no single client ends when idle.
   * `Infinity` keeps idle sessions until they are closed or the host stops.
   * @default 1800000 (30 minutes)
   */
  sessionIdleTimeoutMs?: number;
  /**
   * More NATS connection options (reconnect timing, or an `authenticator` of your own).
   * `servers`, `name`, `credentials` and `tls` above win over the same fields here.
   * @default { maxReconnectAttempts: -1 } (reconnect forever)
   */
  connectionOptions?: Omit<NodeConnectionOptions, 'servers'>;
  /**
   * An interpreter to serve instead of creating one from these options (the host then does not
   * close it on `close()`).
   * @default createCodeInterpreter(options)
   */
  interpreter?: CodeInterpreter;
}

/** Load of a host, as reported in its services-framework stats (`data`). */
export interface SandboxHostLoad {
  /** Stateless runs in progress. */
  runsInFlight: number;
  /** Session runs and commands in progress. */
  sessionJobsInFlight: number;
  /** Sessions held open for clients. */
  sessions: number;
  maxConcurrentRuns: number;
  maxSessions: number;
}

/** A running sandbox host. */
export interface SandboxHost {
  /** The host's id: its service instance id, also the token in its own subjects. */
  readonly id: string;
  /** The host's current load. */
  load(): SandboxHostLoad;
  /**
   * Stops taking work, aborts the runs in progress, closes its sessions and the interpreter (if
   * the host created it), and closes the NATS connection. Idempotent.
   */
  close(): Promise<void>;
}
