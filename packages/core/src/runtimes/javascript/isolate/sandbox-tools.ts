import {
  ErrorCtor,
  JSONStringify,
  MapCtor,
  MapPrototypeDelete,
  MapPrototypeGet,
  MapPrototypeSet,
  ObjectCreate,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
} from '../../../sandbox-globals/primordials';

/** Starts a tool call on the host: its id, or why it was refused. */
export type ToolCallHook = (name: string, inputJson: string) => number | string;

/** One answer handed in by the worker: `[callId, ok, json or message]`. */
export type ToolAnswerEntry = [number, 0 | 1, string];

const JSONParse = JSON.parse;
const PromiseCtor = Promise;
const PromiseReject = Promise.reject.bind(Promise);

/**
 * The `tools` object of a JavaScript sandbox (code mode): `await tools.name(input)` sends the
 * input to the host as JSON, and the promise settles when the worker hands the answer in
 * (`answer`): with a fresh value parsed from JSON in this realm, or a `ToolError`. Nothing of the
 * host is reachable from here: the hook returns only a number or a string.
 */
export function createSandboxTools(hook: () => ToolCallHook | undefined) {
  type Settle = { resolve: (value: unknown) => void; reject: (error: unknown) => void };
  let pending = new MapCtor<number, Settle>();

  /** The error a failed call rejects with. */
  class ToolError extends ErrorCtor {
    constructor(message: string) {
      super(message);
      ObjectDefineProperty(this, 'name', {
        value: 'ToolError',
        writable: true,
        enumerable: false,
        configurable: true,
      });
      // Made by the runtime when the answer came: its frames are the runtime's, not the program's.
      ObjectDefineProperty(this, 'stack', {
        value: `ToolError: ${message}`,
        writable: true,
        enumerable: false,
        configurable: true,
      });
    }
  }
  ObjectDefineProperty(ToolError.prototype, 'name', {
    value: 'ToolError',
    writable: true,
    enumerable: false,
    configurable: true,
  });

  const call = (name: string, input: unknown): Promise<unknown> => {
    let json: string | undefined;
    try {
      json = input === undefined ? '' : JSONStringify(input);
    } catch (error) {
      const detail = error instanceof ErrorCtor ? `: ${(error as Error).message}` : '';
      return PromiseReject(
        new ToolError(`The input of ${name} cannot be turned into JSON${detail}`),
      );
    }
    const start = hook();
    const id = start ? start(name, json ?? '') : 'This run has no tools.';
    if (typeof id !== 'number') return PromiseReject(new ToolError(String(id)));
    return new PromiseCtor((resolve, reject) => {
      MapPrototypeSet(pending, id, { resolve, reject });
    });
  };

  /** A frozen object with one function per tool, for one run. */
  const toolsFor = (names: readonly string[]): object => {
    const tools = ObjectCreate(null) as Record<string, unknown>;
    for (let index = 0; index < names.length; index++) {
      const name = names[index] as string;
      const method = {
        [name](input?: unknown) {
          return call(name, input);
        },
      }[name] as (input?: unknown) => Promise<unknown>;
      ObjectDefineProperty(tools, name, { value: method, enumerable: true });
    }
    return ObjectFreeze(tools);
  };

  /** The `tools` object this runtime put on the global object last, if any. */
  let installed: object | undefined;

  return {
    ToolError,
    /** Calls the host under `name` with `input` as JSON (the tools' channel; HTTP requests use it too). */
    call,
    /**
     * Puts a fresh `tools` object for this run's tools on the global object (or takes the last
     * one away when the run has none), forgetting the calls of earlier runs. A global `tools`
     * the program made itself (a session's `var tools`) is left as it is.
     */
    install(global: typeof globalThis, names: readonly string[] | undefined): void {
      pending = new MapCtor<number, Settle>();
      const scope = global as unknown as Record<string, unknown>;
      const current = ObjectGetOwnPropertyDescriptor(scope, 'tools');
      const ours =
        current === undefined || (installed !== undefined && current.value === installed);
      if (!ours) return;
      if (!names) {
        if (current !== undefined) delete scope.tools;
        installed = undefined;
        return;
      }
      installed = toolsFor(names);
      ObjectDefineProperty(scope, 'tools', {
        value: installed,
        writable: true,
        enumerable: false,
        configurable: true,
      });
    },
    /** Settles the calls whose answers arrived. */
    answer(answers: readonly ToolAnswerEntry[]): void {
      for (let index = 0; index < answers.length; index++) {
        const [id, ok, text] = answers[index] as ToolAnswerEntry;
        const entry = MapPrototypeGet(pending, id);
        if (!entry) continue;
        MapPrototypeDelete(pending, id);
        if (!ok) {
          entry.reject(new ToolError(text));
          continue;
        }
        let value: unknown;
        try {
          value = JSONParse(text);
        } catch {
          entry.reject(new ToolError('The tool answered with something that is not JSON.'));
          continue;
        }
        entry.resolve(value);
      }
    },
  };
}
