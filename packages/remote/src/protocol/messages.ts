import type {
  CodeExecutionInput,
  CodeInterpreterCapabilities,
  CommandInput,
  CommandResult,
  ExecutionResult,
  NetworkPolicyOption,
  OutputChunk,
} from '@code-interpreter/core';
import type { WireError } from './wire-error';
import type { WireFiles } from './wire-files';

/** Version of the message shapes below; a host refuses a request of another version. */
export const protocolVersion = 1;

/** A run or a command for a host: a stateless run, or a session's run or exec. */
export interface JobRequest {
  v: typeof protocolVersion;
  /** Unique per attempt; names the job in its messages and in a cancel. */
  runId: string;
  /** Where the host publishes the job's {@link JobMessage}s. */
  inbox: string;
  /** How often the host publishes a heartbeat to `inbox` while the job runs, in ms. */
  heartbeatMs: number;
  kind: 'run' | 'exec';
  sessionId?: string;
  input: CodeExecutionInput | WireCommandInput;
  files?: WireFiles;
  network?: NetworkPolicyOption;
  /**
   * False when the caller takes no output while the job runs: the host then sends none (the
   * result carries it all), which spares the worker its streaming and NATS a message per chunk.
   * Absent (older clients): the output streams.
   */
  stream?: boolean;
  /**
   * Names of the client's tools the job's code may call (the interpreter's, the session's and the
   * job's own). The host sends each call to `inbox` as a `tool-call` message; the client runs
   * the tool and publishes a {@link ToolAnswerMessage} to the host's `tool-answer` subject.
   */
  tools?: string[];
}

/** A command input whose stdin crossed as base64 when it was bytes. */
export type WireCommandInput = Omit<CommandInput, 'stdin'> & {
  stdin?: string;
  stdinBase64?: string;
};

/** The host's immediate answer to a request. */
export type HostReply =
  | { t: 'accepted'; hostId: string }
  | { t: 'busy'; hostId: string }
  | { t: 'created'; hostId: string }
  | { t: 'closed'; hostId: string }
  | { t: 'value'; hostId: string; value: unknown }
  | { t: 'capabilities'; hostId: string; capabilities: CodeInterpreterCapabilities }
  | { t: 'error'; hostId: string; error: WireError };

/** What the host publishes to a job's inbox after accepting it. */
export type JobMessage =
  | { t: 'output'; runId: string; chunk: OutputChunk }
  | { t: 'heartbeat'; runId: string }
  | { t: 'result'; runId: string; result: ExecutionResult | CommandResult }
  | { t: 'error'; runId: string; error: WireError }
  /** A call of one of the job's tools by its code: the client answers on the host's `tool-answer`. */
  | { t: 'tool-call'; runId: string; toolCallId: string; name: string; input: unknown }
  /** The call ended on the host (the run ended, or it timed out): the client aborts its `execute`. */
  | { t: 'tool-cancel'; runId: string; toolCallId: string };

/** The client's answer to a `tool-call`: the tool's output as JSON, or what went wrong. */
export type ToolAnswerMessage = { v: typeof protocolVersion; runId: string; toolCallId: string } & (
  | { ok: true; json: string }
  | { ok: false; message: string }
);

export interface SessionCreateRequest {
  v: typeof protocolVersion;
  sessionId: string;
  memoryLimitMb?: number;
  network?: NetworkPolicyOption;
}

export interface SessionFilesRequest {
  v: typeof protocolVersion;
  sessionId: string;
  op: 'write' | 'read' | 'readText' | 'list' | 'stat' | 'exists' | 'remove' | 'mkdir' | 'rename';
  /** The operation's arguments; file data crosses as `{ base64 }`. */
  args: unknown[];
}

export interface SessionCloseRequest {
  v: typeof protocolVersion;
  sessionId: string;
}

export interface CancelRequest {
  runId: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeMessage(message: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(message));
}

export function decodeMessage<T>(data: Uint8Array): T {
  return JSON.parse(decoder.decode(data)) as T;
}
