import type { SandboxToolBridge, ToolAnswer } from './sandbox-tool-bridge';

/** One answer, as an isolate runtime hands it into the sandbox: `[callId, ok, json or message]`. */
export type DeliveredToolAnswer = [id: number, ok: 0 | 1, text: string];

/**
 * The tool calls of one run of an isolate runtime (JavaScript, Pyodide): the sandbox starts a
 * call with a synchronous callback that returns an id at once, and the run's driver hands the
 * answers in when they have arrived (between two calls into the isolate, so no answer ever races
 * user code). While calls are in flight the run is waiting, not stuck.
 */
export class SandboxToolCalls {
  private nextId = 1;
  private inFlight = 0;
  private arrived: DeliveredToolAnswer[] = [];
  /** Called once when the next answer arrives (the run's driver sleeps on it). */
  onArrival: (() => void) | undefined;
  private closed = false;

  constructor(private readonly bridge: SandboxToolBridge | undefined) {}

  /** The tools' names (none when the run has no tools). */
  get names(): readonly string[] {
    return this.bridge?.names ?? [];
  }

  /** Calls in flight whose answer has not arrived. */
  get pending(): number {
    return this.inFlight;
  }

  /** True when answers wait to be handed into the sandbox. */
  get hasAnswers(): boolean {
    return this.arrived.length > 0;
  }

  /**
   * Starts a call; returns its id, or the refusal message when it cannot start (no tools in this
   * run, the run is over, input that is not text).
   */
  start(name: unknown, inputJson: unknown): number | string {
    if (this.closed || !this.bridge)
      return 'No tool call can start: the run that made it has ended.';
    if (typeof name !== 'string' || typeof inputJson !== 'string')
      return 'A tool call needs a name and JSON input.';
    const id = this.nextId++;
    this.inFlight++;
    void this.bridge.call(name, inputJson).then((answer: ToolAnswer) => {
      if (this.closed) return;
      this.inFlight--;
      this.arrived.push(answer.ok ? [id, 1, answer.json] : [id, 0, answer.message]);
      const wake = this.onArrival;
      this.onArrival = undefined;
      wake?.();
    });
    return id;
  }

  /** The answers that arrived since the last call, to hand into the sandbox. */
  take(): DeliveredToolAnswer[] {
    const answers = this.arrived;
    this.arrived = [];
    return answers;
  }

  /** The run is over: later calls are refused and late answers dropped. */
  close(): void {
    this.closed = true;
    this.arrived = [];
    this.onArrival = undefined;
  }
}
