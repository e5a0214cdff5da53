import {
  type SandboxTools,
  toolErrorMessage,
  toolOutputJson,
  toolSchemaOf,
} from '@code-interpreter/core';
import {
  encodeMessage,
  type JobMessage,
  protocolVersion,
  type ToolAnswerMessage,
} from '../protocol/messages';
import type { RemoteContext } from './remote-context';

/** Room left in a NATS message for the answer's other fields. */
const answerOverheadBytes = 512;

/** One job's tool calls, as the client answers them. */
export interface JobToolCalls {
  /** Runs the tool a `tool-call` names, or aborts the call a `tool-cancel` names. */
  handle(message: Extract<JobMessage, { t: 'tool-call' | 'tool-cancel' }>): void;
  /** Aborts the calls still running: the job has ended. */
  finish(): void;
}

/**
 * The client's side of code mode over NATS: runs the application's tools in this process for
 * the calls a job's code makes on its host. The input is checked against the tool's own schema
 * (so a Zod schema's refinements and transforms apply as they do locally), `execute` gets a
 * signal that aborts when the host cancels the call or the job ends, and the answer goes to the
 * host as JSON or as an error message with no host detail (`toolErrorMessage`). The host keeps
 * the run's limits and records.
 */
export function answerToolCalls(
  context: RemoteContext,
  job: { hostId: string; runId: string; tools: SandboxTools },
): JobToolCalls {
  const { hostId, runId, tools } = job;
  const running = new Map<string, AbortController>();
  const answerSubject = context.subjects.toolAnswer(hostId);

  const send = (
    toolCallId: string,
    answer: { ok: true; json: string } | { ok: false; message: string },
  ) => {
    if (context.nc.isClosed()) return;
    const message: ToolAnswerMessage = { v: protocolVersion, runId, toolCallId, ...answer };
    try {
      context.nc.publish(answerSubject, encodeMessage(message));
    } catch {}
  };

  async function answer(call: Extract<JobMessage, { t: 'tool-call' }>, signal: AbortSignal) {
    const { name, toolCallId } = call;
    const tool = Object.hasOwn(tools, name) ? tools[name] : undefined;
    if (!tool)
      return {
        ok: false as const,
        message: `There is no tool named '${String(name).slice(0, 100)}'.`,
      };
    const checked = await toolSchemaOf(tool.inputSchema).validate(call.input ?? {});
    if (!checked.ok)
      return { ok: false as const, message: `Invalid input for ${name}: ${checked.message}` };
    const output = await tool.execute(checked.value, { signal, toolCallId });
    const converted = toolOutputJson(name, output);
    if (!converted.ok) return converted;
    const maxPayload = context.nc.info?.max_payload;
    const bytes = Buffer.byteLength(converted.json);
    if (maxPayload !== undefined && bytes + answerOverheadBytes > maxPayload) {
      return {
        ok: false as const,
        message: `${name} returned ${bytes} bytes of JSON, more than the NATS server's max_payload (${maxPayload} bytes) lets cross to the sandbox host.`,
      };
    }
    return converted;
  }

  return {
    handle(message) {
      if (message.runId !== runId || typeof message.toolCallId !== 'string') return;
      if (message.t === 'tool-cancel') {
        running.get(message.toolCallId)?.abort(new Error('The run ended.'));
        return;
      }
      if (running.has(message.toolCallId)) return;
      const controller = new AbortController();
      running.set(message.toolCallId, controller);
      void answer(message, controller.signal)
        .catch((error: unknown) => ({ ok: false as const, message: toolErrorMessage(error) }))
        .then((reply) => {
          running.delete(message.toolCallId);
          // A cancelled call's answer is not wanted any more.
          if (!controller.signal.aborted) send(message.toolCallId, reply);
        });
    },
    finish() {
      for (const controller of running.values()) controller.abort(new Error('The run ended.'));
      running.clear();
    },
  };
}
