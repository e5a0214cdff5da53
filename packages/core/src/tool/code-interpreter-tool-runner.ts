import { InterpreterClosedError } from '../errors/interpreter-closed-error';
import { InvalidInputError } from '../errors/invalid-input-error';
import type { CodeInterpreter, CodeInterpreterSession } from '../interpreter/code-interpreter';
import type { CodeInterpreterOptions, RunOptions } from '../interpreter/code-interpreter-options';
import { createCodeInterpreter } from '../interpreter/create-code-interpreter';
import { describeCodeInterpreter } from '../model/describe-code-interpreter';
import type { ExecutionResult } from '../result/execution-result';
import {
  type CodeExecutionInput,
  codeExecutionSchemaFor,
  type SupportedLanguage,
} from '../schema/code-execution-schema';
import { describeSandboxTools } from '../tools/describe-sandbox-tools';
import { checkSandboxTools, mergeSandboxTools } from '../tools/merge-sandbox-tools';
import type { SandboxTools } from '../tools/sandbox-tool';
import type { WorkspaceFiles } from '../workspace/workspace-files';

/** Options of {@link createCodeInterpreterToolRunner}: the interpreter's, plus the tool's own. */
export interface CodeInterpreterToolRunnerOptions extends CodeInterpreterOptions {
  /**
   * An interpreter to run code with, shared with the rest of the application. The tool then does
   * not own it: `close()` leaves it open, and the interpreter options are not used (the
   * interpreter has its own), except `languages`, which narrows what the tool offers.
   * @default undefined (the tool creates its own interpreter and `close()` closes it)
   */
  interpreter?: CodeInterpreter;
  /**
   * Keep one session across the model's calls, so variables, functions and imports defined in one
   * call are there in the next. The session belongs to the tool: create one tool per conversation
   * to give each conversation its own state, and close it when the conversation ends.
   * @default false (every call starts fresh)
   */
  session?: boolean;
  /**
   * The description the model reads. The default is derived from the interpreter's capabilities:
   * languages, what Python can import, the network (none, or the hosts the policy allows),
   * limits, and how results come back. With
   * `tools`, their declarations are appended to it, to this one too.
   * @default describeCodeInterpreter(interpreter.capabilities, { languages, session })
   */
  description?: string;
  /**
   * Code mode: the application's tools the code of every call may call (`await tools.name(input)`
   * in JavaScript/TypeScript, `await tools.name(**input)` in Python), so one program makes the
   * calls that would otherwise take a model turn each. They are given to every run as the run's
   * tools, not to the interpreter, so they reach an `interpreter` passed in and the tool's session
   * alike; a run's own `tools` (`RunOptions.tools`, which adapters use to bind a call's context)
   * are added to them, a name given again replacing the runner's tool. Their declarations,
   * `describeSandboxTools(tools, { languages })` for the languages offered, are appended to the
   * description, a custom `description` included: the model cannot call what it has not seen.
   * Checked at creation (`InvalidInputError` for a tool without `execute` or `inputSchema`).
   * @default undefined (no tools)
   */
  tools?: SandboxTools;
}

/**
 * What every adapter needs for one code-interpreter tool, so that an adapter is only a
 * translation to its framework: the languages offered, the description and input schema the
 * model sees, a `run` that checks, uses the session (created at the first call) and runs, and a
 * `close` that frees what the tool owns.
 */
export interface CodeInterpreterToolRunner {
  /** The interpreter the tool runs code with (its own, or the one passed in the options). */
  readonly interpreter: CodeInterpreter;
  /** The languages this tool offers. */
  readonly languages: readonly SupportedLanguage[];
  /** Whether calls share one session. */
  readonly session: boolean;
  /** The description for the model (with the declarations of `tools`, when there are any). */
  readonly description: string;
  /** The tools every run gets (`tools` of the options), or undefined when there are none. */
  readonly tools: SandboxTools | undefined;
  /** The input schema for the model: the languages offered, the application's caps. */
  readonly inputSchema: ReturnType<typeof codeExecutionSchemaFor>;
  /**
   * Runs one call, with the runner's `tools` and the run's own (`options.tools`). Faults in the
   * code come back as a result; misuse throws (`InvalidInputError` for input outside the schema,
   * `InterpreterClosedError` after `close`), as does an aborted run (`RunAbortedError`).
   */
  run(input: CodeExecutionInput, options?: RunOptions): Promise<ExecutionResult>;
  /**
   * The files of the tool's session (its workspace, `/workspace` in the sandbox), starting the
   * session if no call has yet; undefined when calls do not share a session (each stateless
   * call's files come back in its result). Throws `InterpreterClosedError` after `close`.
   */
  files(): WorkspaceFiles | undefined;
  /** Frees the tool's session and, when the runner created its interpreter, the interpreter. Idempotent. */
  close(): Promise<void>;
}

/**
 * Creates the core of a code-interpreter tool; the AI SDK tool, the LangChain tool and the MCP
 * server are thin translations of it to their frameworks.
 *
 * @example
 * ```ts
 * const runner = createCodeInterpreterToolRunner({ session: true, languages: ['python'] });
 * const result = await runner.run({ language: 'python', code: 'x = 6 * 7\nx' });
 * await runner.close();
 *
 * // Code mode: the description declares getPrice; every run's code may call it.
 * const codeMode = createCodeInterpreterToolRunner({
 *   tools: { getPrice: { inputSchema: z.object({ item: z.string() }), execute: lookUpPrice } },
 * });
 * ```
 */
export function createCodeInterpreterToolRunner(
  options: CodeInterpreterToolRunnerOptions = {},
): CodeInterpreterToolRunner {
  const {
    interpreter: givenInterpreter,
    session: useSession = false,
    description,
    // Run-level, never the interpreter's: see the option.
    tools: givenTools,
    ...interpreterOptions
  } = options;
  const tools = checkSandboxTools(givenTools, 'tools');
  const interpreter = givenInterpreter ?? createCodeInterpreter(interpreterOptions);
  const capabilities = interpreter.capabilities;
  const languages = (options.languages ?? capabilities.languages).filter((language) =>
    capabilities.languages.includes(language),
  );
  const inputSchema = codeExecutionSchemaFor({ ...capabilities, languages });
  const declarations = tools ? describeSandboxTools(tools, { languages }) : '';
  const baseDescription =
    description ?? describeCodeInterpreter(capabilities, { languages, session: useSession });
  let session: CodeInterpreterSession | undefined;
  let closed: Promise<void> | undefined;

  return {
    interpreter,
    languages,
    session: useSession,
    description: declarations ? `${baseDescription}\n\n${declarations}` : baseDescription,
    tools,
    inputSchema,
    async run(input, runOptions = {}) {
      if (closed) {
        throw new InterpreterClosedError({ what: useSession ? 'session' : 'interpreter' });
      }
      // The schema the model saw: a language not offered is refused with what is.
      const offered = inputSchema.safeParse(input);
      if (!offered.success) {
        // The interpreter words every other problem; the language is this tool's own.
        const languageIssue = offered.error.issues.find((issue) => issue.path[0] === 'language');
        if (languageIssue) {
          throw new InvalidInputError({
            issues: [{ path: 'language', message: languageIssue.message }],
            cause: offered.error,
          });
        }
      }
      if (useSession) session ??= interpreter.createSession();
      const runTools = mergeSandboxTools(tools, runOptions.tools);
      return (session ?? interpreter).run(
        input,
        runTools ? { ...runOptions, tools: runTools } : runOptions,
      );
    },
    files() {
      if (closed)
        throw new InterpreterClosedError({ what: useSession ? 'session' : 'interpreter' });
      if (!useSession) return undefined;
      session ??= interpreter.createSession();
      return session.files;
    },
    close() {
      closed ??= (async () => {
        await session?.close();
        if (!givenInterpreter) await interpreter.close();
      })();
      return closed;
    },
  };
}
