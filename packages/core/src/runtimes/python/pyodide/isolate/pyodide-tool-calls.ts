/** Starts a tool call on the host: its id, or why it was refused. */
export type PyodideToolCallHook = (name: string, inputJson: string) => number | string;

/** One answer handed in by the worker: `[callId, ok, json or message]`. */
export type PyodideToolAnswer = [number, 0 | 1, string];

/**
 * The JavaScript side of a Pyodide sandbox's `tools` (code mode; the Python side is
 * code_interpreter_tools.py): `start` sends the call to the host and returns a promise of its
 * answer as one string (`'1'` + the output's JSON, or `'0'` + the error's message), which Python
 * waits for; the worker hands answers in with `answer` between two calls into the isolate.
 */
export function createPyodideToolCalls(hook: PyodideToolCallHook) {
  let pending = new Map<number, (answer: string) => void>();
  return {
    /** Called by Python: starts a call. */
    start(name: unknown, inputJson: unknown): Promise<string> {
      const id = hook(String(name), typeof inputJson === 'string' ? inputJson : '');
      if (typeof id !== 'number') return Promise.resolve(`0${String(id)}`);
      return new Promise((resolve) => {
        pending.set(id, resolve);
      });
    },
    /** Settles the calls whose answers arrived. */
    answer(answers: readonly PyodideToolAnswer[]): void {
      for (let index = 0; index < answers.length; index++) {
        const [id, ok, text] = answers[index] as PyodideToolAnswer;
        const settle = pending.get(id);
        if (!settle) continue;
        pending.delete(id);
        settle(`${ok ? '1' : '0'}${text}`);
      }
    },
    /** Forgets the calls of an earlier run (their answers never come). */
    reset(): void {
      pending = new Map();
    },
  };
}
