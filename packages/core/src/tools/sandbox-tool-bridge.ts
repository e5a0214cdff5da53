/**
 * How one tool call ended, as it crosses back into the sandbox: the output as JSON text, or the
 * message of the error the sandbox raises (`ToolError`). Only copies of strings cross.
 */
export type ToolAnswer = { ok: true; json: string } | { ok: false; message: string };

/**
 * What a runtime is given to let a run's code call the application's tools (see
 * `SandboxRunRequest.tools`). The worker relays each call to the supervisor, which checks and
 * executes it; the bridge never rejects.
 */
export interface SandboxToolBridge {
  /** The tools' names, as the code calls them (`tools.<name>`). */
  readonly names: readonly string[];
  /**
   * True when the run may make HTTP requests through the host (its `network` policy): they are
   * calls named {@link networkCallName} whose input is the request as JSON.
   */
  readonly network: boolean;
  /** Calls a tool with its input as JSON text; settles with the answer, however the call ends. */
  call(name: string, inputJson: string): Promise<ToolAnswer>;
}

/**
 * The name an HTTP request of sandboxed code travels under on the tool-call channel (`fetch` in
 * JavaScript, `urllib`/`http.client` in Python). No tool can have it: tool names may not hold
 * control characters.
 */
export const networkCallName = '\u0000fetch';
