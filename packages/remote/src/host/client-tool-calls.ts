import type { SandboxToolExecuteOptions, SandboxTools } from '@code-interpreter/core';
import {
  encodeMessage,
  type JobMessage,
  type JobRequest,
  type ToolAnswerMessage,
} from '../protocol/messages';

/** Most tools one job may name. */
const maxToolsPerJob = 256;

/** A call waiting for the client's answer. */
interface PendingCall {
  runId: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/**
 * The host's side of code mode over NATS: for a job whose client named tools, stand-in tools
 * whose `execute` sends the call to the client (a `tool-call` message on the job's inbox) and
 * waits for its answer on the host's `tool-answer` subject. The host's interpreter treats them as
 * its own tools: its limits (calls, concurrency, sizes) and its records apply. The client checks
 * the input against the tool's real schema and runs the tool; an answer for a call the host is
 * not waiting for is ignored.
 */
export class ClientToolCalls {
  private readonly pending = new Map<string, PendingCall>();

  constructor(private readonly publish: (subject: string, data: Uint8Array) => void) {}

  /**
   * The stand-in tools of one job, or `undefined` when its client named none.
   * @throws TypeError when `tools` is not a list of names.
   */
  toolsFor(request: JobRequest): SandboxTools | undefined {
    const names = request.tools;
    if (names === undefined || names.length === 0) return undefined;
    if (
      !Array.isArray(names) ||
      names.length > maxToolsPerJob ||
      !names.every((name) => typeof name === 'string')
    ) {
      throw new TypeError(`tools must be a list of at most ${maxToolsPerJob} tool names.`);
    }
    // fromEntries makes every name an own property, `__proto__` included.
    return Object.fromEntries(
      names.map((name) => [
        name,
        {
          // The client checks the input against the tool's own schema (which may transform it).
          inputSchema: {},
          execute: (input: unknown, { signal, toolCallId }: SandboxToolExecuteOptions) =>
            this.call(request, { name, input, toolCallId }, signal),
        },
      ]),
    );
  }

  /** Settles the call an answer is for. */
  answer(message: ToolAnswerMessage): void {
    const call = this.pending.get(message.toolCallId);
    if (!call || call.runId !== message.runId) return;
    this.pending.delete(message.toolCallId);
    if (message.ok !== true) {
      call.reject(new Error(typeof message.message === 'string' ? message.message : ''));
      return;
    }
    try {
      call.resolve(JSON.parse(message.json));
    } catch {
      call.reject(new Error('The application answered the tool call with something not JSON.'));
    }
  }

  /** Fails the calls of a job that ended (the interpreter has aborted them already). */
  endJob(runId: string): void {
    for (const [toolCallId, call] of this.pending) {
      if (call.runId !== runId) continue;
      this.pending.delete(toolCallId);
      call.reject(new Error('The run ended.'));
    }
  }

  private call(
    request: JobRequest,
    call: { name: string; input: unknown; toolCallId: string },
    signal: AbortSignal,
  ): Promise<unknown> {
    const { runId, inbox } = request;
    const { toolCallId } = call;
    return new Promise((resolve, reject) => {
      const message: JobMessage = { t: 'tool-call', runId, ...call };
      try {
        this.publish(inbox, encodeMessage(message));
      } catch (error) {
        // Most likely larger than the NATS server's max_payload.
        const reason = error instanceof Error ? error.message : String(error);
        reject(new Error(`The call could not be sent to the application over NATS (${reason}).`));
        return;
      }
      const onAbort = () => {
        if (!this.pending.delete(toolCallId)) return;
        try {
          this.publish(
            inbox,
            encodeMessage({ t: 'tool-cancel', runId, toolCallId } satisfies JobMessage),
          );
        } catch {}
        reject(signal.reason instanceof Error ? signal.reason : new Error('The run ended.'));
      };
      this.pending.set(toolCallId, {
        runId,
        resolve: (output) => {
          signal.removeEventListener('abort', onAbort);
          resolve(output);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
