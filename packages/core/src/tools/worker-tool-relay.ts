import type { RunToolsMessage, WorkerToHostMessage } from '../worker/worker-protocol';
import { networkCallName, type SandboxToolBridge, type ToolAnswer } from './sandbox-tool-bridge';

/**
 * The worker's side of tool calls: each call a run's code makes goes to the supervisor as a
 * `tool-call` message, and its `tool-result` settles it. Calls of a run that ended are settled
 * at once with a refusal, so nothing waits on them.
 */
export class WorkerToolRelay {
  private nextCallId = 1;
  private readonly waiting = new Map<
    number,
    { runId: number; settle: (answer: ToolAnswer) => void }
  >();

  constructor(private readonly send: (message: WorkerToHostMessage) => void) {}

  /** The bridge a run's sandbox calls its tools through. */
  bridgeFor(runId: number, tools: RunToolsMessage): SandboxToolBridge {
    const names = Object.freeze([...tools.names]);
    const known = new Set(names);
    let calls = 0;
    let requests = 0;
    const network = tools.network;
    return {
      names,
      network: network !== undefined,
      call: (name, inputJson) => {
        if (name === networkCallName) {
          if (!network) {
            return Promise.resolve({
              ok: false,
              message: 'This sandbox has no network: the application did not allow any host.',
            });
          }
          if (++requests > network.maxRequests + 1) {
            return Promise.resolve({
              ok: false,
              message: `This run already made ${network.maxRequests} network requests, the most one run may make (maxRequests): make fewer requests, or do the rest in a later run.`,
            });
          }
          // Base64 makes a body 4/3 larger; the rest of the request is small.
          if (inputJson.length > (network.maxRequestBytes * 4) / 3 + 65_536) {
            return Promise.resolve({
              ok: false,
              message: `The request body is larger than the ${network.maxRequestBytes} bytes allowed.`,
            });
          }
          return this.relay(runId, name, inputJson);
        }
        if (++calls > tools.maxCalls + 1) {
          return Promise.resolve({
            ok: false,
            message: `This run already made ${tools.maxCalls} tool calls, the most one run may make.`,
          });
        }
        if (!known.has(name)) {
          return Promise.resolve({
            ok: false,
            message: `There is no tool named '${name.slice(0, 100)}'. Tools: ${names.join(', ')}.`,
          });
        }
        // Bytes of UTF-8 are at most 3 per UTF-16 unit: a cheap bound first.
        if (
          inputJson.length * 3 > tools.maxInputBytes &&
          Buffer.byteLength(inputJson) > tools.maxInputBytes
        ) {
          return Promise.resolve({
            ok: false,
            message: `The input of ${name} is ${Buffer.byteLength(inputJson)} bytes as JSON, more than the ${tools.maxInputBytes} allowed: pass less data per call.`,
          });
        }
        return this.relay(runId, name, inputJson);
      },
    };
  }

  /** Sends one call to the supervisor; settles with its answer. */
  private relay(runId: number, name: string, inputJson: string): Promise<ToolAnswer> {
    const callId = this.nextCallId++;
    return new Promise<ToolAnswer>((settle) => {
      this.waiting.set(callId, { runId, settle });
      this.send({ kind: 'tool-call', runId, callId, name, input: inputJson });
    });
  }

  /** Settles a call with the supervisor's answer (an unknown id, of a run that ended, is dropped). */
  answer(callId: number, answer: ToolAnswer): void {
    const call = this.waiting.get(callId);
    if (!call) return;
    this.waiting.delete(callId);
    call.settle(answer);
  }

  /** Settles the calls the run still waits on: it is over. */
  endRun(runId: number): void {
    for (const [callId, call] of this.waiting) {
      if (call.runId !== runId) continue;
      this.waiting.delete(callId);
      call.settle({ ok: false, message: 'The run that made this tool call has ended.' });
    }
  }
}
