import { randomUUID } from 'node:crypto';
import { ConcurrencySlots } from './concurrency-slots';
import type { SandboxTools, ToolCallRecord } from './sandbox-tool';
import type { ToolAnswer } from './sandbox-tool-bridge';
import { toolErrorMessage } from './tool-error-message';
import type { ResolvedToolLimits } from './tool-limits';
import { toolOutputJson } from './tool-output-json';
import { toolSchemaOf } from './tool-schema';

/** Time past the run's deadline after which calls in flight are aborted even if the run is not over. */
const deadlineGraceMs = 1_000;

/** Outputs larger than this (as JSON) are not copied into the run's `toolCalls`. */
const recordedOutputMaxBytes = 16 * 1024;

/** Options of {@link ToolRunBroker}. */
export interface ToolRunBrokerOptions {
  limits: ResolvedToolLimits;
  /** The run's time limit: calls still in flight then are aborted. */
  timeoutMs: number;
}

/**
 * The supervisor's side of one run's tool calls: checks each call (a known tool, the run's call
 * and size limits, the input against the tool's schema), runs `execute` with at most
 * `maxConcurrent` at once, turns its output into JSON and its failure into a message with no
 * host detail, and records every call for the run's result. When the run ends (`finish`), calls
 * still in flight are aborted and their answers dropped.
 */
export class ToolRunBroker {
  readonly names: string[];
  private readonly records: ToolCallRecord[] = [];
  private readonly controller = new AbortController();
  private readonly slots: ConcurrencySlots;
  private readonly deadline: NodeJS.Timeout;
  private calls = 0;
  private finished = false;

  constructor(
    private readonly tools: SandboxTools,
    private readonly options: ToolRunBrokerOptions,
  ) {
    this.names = Object.keys(tools);
    this.slots = new ConcurrencySlots(options.limits.maxConcurrent);
    // A safety net: the sandbox stops the run at its deadline (measured from when it started
    // there, a little later than here), and the run's end aborts the calls in flight.
    this.deadline = setTimeout(
      () => this.controller.abort(new Error('The run reached its time limit.')),
      options.timeoutMs + deadlineGraceMs,
    );
    this.deadline.unref?.();
  }

  /** How many calls the run made (refused ones included). */
  get callCount(): number {
    return this.calls;
  }

  /** Answers one call of the run's code; never rejects. */
  async handle(name: string, inputJson: string): Promise<ToolAnswer> {
    const start = performance.now();
    const id = randomUUID();
    if (this.finished) return { ok: false, message: 'The run that made this tool call has ended.' };
    const tool = Object.hasOwn(this.tools, name) ? this.tools[name] : undefined;
    if (!tool) {
      return { ok: false, message: `There is no tool named '${name.slice(0, 100)}'.` };
    }
    this.calls++;
    const { maxCalls, maxOutputBytes } = this.options.limits;
    let input: unknown;
    const fail = (message: string): ToolAnswer => {
      this.record({ id, name, input, error: message, ms: performance.now() - start });
      return { ok: false, message };
    };
    if (this.calls > maxCalls) {
      // Only the first refused call is recorded: a loop that ignores the error adds nothing.
      const message = `This run already made ${maxCalls} tool calls, the most one run may make: do the remaining work in a later run, or with fewer calls (batch inputs where a tool allows).`;
      return this.calls === maxCalls + 1 ? fail(message) : { ok: false, message };
    }
    try {
      input = inputJson === '' ? {} : JSON.parse(inputJson);
    } catch {
      return fail(`The input of ${name} is not JSON.`);
    }
    const schema = toolSchemaOf(tool.inputSchema);
    const checked = await schema.validate(input);
    if (!checked.ok) return fail(`Invalid input for ${name}: ${checked.message}`);

    await this.slots.take();
    if (this.finished || this.controller.signal.aborted) {
      this.slots.release();
      return fail('The tool call was not started: the run ended.');
    }
    try {
      const output = await this.execute(tool.execute.bind(tool), checked.value, id);
      const converted = toolOutputJson(name, output);
      if (!converted.ok) return fail(converted.message);
      const { json } = converted;
      const bytes = Buffer.byteLength(json);
      if (bytes > maxOutputBytes) {
        return fail(
          `${name} returned ${bytes} bytes of JSON, more than the ${maxOutputBytes} a call may return.`,
        );
      }
      this.record({
        id,
        name,
        input,
        ...(bytes <= recordedOutputMaxBytes ? { output: JSON.parse(json) } : {}),
        outputBytes: bytes,
        ms: performance.now() - start,
      });
      return { ok: true, json };
    } catch (error) {
      if (this.controller.signal.aborted) {
        return fail(`${name} was cancelled: the run ended before it answered.`);
      }
      return fail(toolErrorMessage(error));
    } finally {
      this.slots.release();
    }
  }

  /**
   * Ends the run's tool calls: those in flight are aborted (their `signal` fires) and later ones
   * refused. Returns every call made, in the order they ended.
   */
  finish(): ToolCallRecord[] {
    if (!this.finished) {
      this.finished = true;
      clearTimeout(this.deadline);
      this.controller.abort(new Error('The run ended.'));
      this.slots.releaseWaiting();
    }
    return this.records;
  }

  /** Runs `execute`; settles as soon as the run ends, whether or not the tool stops. */
  private execute(
    execute: (input: unknown, options: { signal: AbortSignal; toolCallId: string }) => unknown,
    input: unknown,
    toolCallId: string,
  ): Promise<unknown> {
    const signal = this.controller.signal;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      Promise.resolve()
        .then(() => execute(input, { signal, toolCallId }))
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private record(entry: ToolCallRecord): void {
    entry.ms = Math.round(entry.ms * 100) / 100;
    if (entry.input === undefined) entry.input = null;
    this.records.push(entry);
  }
}
