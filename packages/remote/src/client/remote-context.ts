import type { CodeInterpreterCapabilities, SandboxTools } from '@code-interpreter/core';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Subjects } from '../protocol/subjects';

/** What a remote interpreter's runs and sessions share. */
export interface RemoteContext {
  nc: NatsConnection;
  subjects: Subjects;
  /** Prefix of the job inboxes (the connection's `inboxPrefix`). */
  inboxPrefix: string;
  capabilities: CodeInterpreterCapabilities;
  queueTimeoutMs: number;
  requestTimeoutMs: number;
  heartbeatIntervalMs: number;
  hostLostAfterMs: number;
  deadlineMarginMs: number;
  /** The interpreter's own tools (`RemoteCodeInterpreterOptions.tools`), every job's first layer. */
  tools: SandboxTools | undefined;
  /** Aborted when the interpreter closes: every job in progress then ends. */
  closed: AbortSignal;
}
