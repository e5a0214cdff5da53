import type {
  CodeExecutionInput,
  ExecutionResult,
  RunOptions,
  SandboxTools,
  SessionOptions,
  StandardSchemaLike,
  ToolCallRecord,
} from '@code-interpreter/core';
import {
  MockCodeInterpreter,
  type MockCodeInterpreterSession,
  type MockExecutionResultFields,
} from '@code-interpreter/core/test';

/** Calls one of the run's tools as sandboxed code does; rejects with the message the code would see. */
export type CallTool = (name: string, input: unknown) => Promise<unknown>;

/** A program scripted in a test: what it does with the run's tools, and the result fields it ends with. */
export type ScriptedProgram = (callTool: CallTool) => Promise<MockExecutionResultFields>;

/**
 * A `MockCodeInterpreter` whose runs keep the `tools` they were given and run scripted programs
 * that call them as core does: input checked with the tool's Standard Schema (or taken as is for a
 * JSON Schema), `execute` called with a signal and an id, the answer copied as JSON, and every
 * call recorded in the result's `toolCalls` (present only when the run had tools, as in core).
 */
export class ToolCallingInterpreter extends MockCodeInterpreter {
  /** The tools each run received (`undefined` for a run without tools), in run order. */
  readonly runTools: Array<SandboxTools | undefined> = [];

  constructor(programs: readonly ScriptedProgram[]) {
    super({
      run: (call) => {
        const tools = this.runTools[call.index];
        const program = programs[call.index];
        if (!program) throw new Error(`no program scripted for run ${call.index + 1}`);
        return runProgram(program, tools, call.signal);
      },
    });
  }

  override run(input: CodeExecutionInput, options: RunOptions = {}): Promise<ExecutionResult> {
    this.runTools.push(options.tools);
    return super.run(input, options);
  }

  override createSession(options: SessionOptions = {}): MockCodeInterpreterSession {
    const session = super.createSession(options);
    const run = session.run;
    session.run = (input, runOptions = {}) => {
      this.runTools.push(runOptions.tools);
      return run(input, runOptions);
    };
    return session;
  }
}

async function runProgram(
  program: ScriptedProgram,
  tools: SandboxTools | undefined,
  signal: AbortSignal | undefined,
): Promise<MockExecutionResultFields> {
  const records: ToolCallRecord[] = [];
  const callTool: CallTool = async (name, input) => {
    const id = `sandbox-call-${records.length + 1}`;
    const tool = tools?.[name];
    try {
      if (!tool) throw new Error(`There is no tool named '${name}'.`);
      let value = input;
      if ('~standard' in tool.inputSchema) {
        const checked = await (tool.inputSchema as StandardSchemaLike)['~standard'].validate(input);
        if (checked.issues) {
          throw new Error(
            `Invalid input for ${name}: ${checked.issues.map((issue) => issue.message).join('; ')}`,
          );
        }
        value = checked.value;
      }
      const answer = await tool.execute(value, {
        signal: signal ?? new AbortController().signal,
        toolCallId: id,
      });
      const output: unknown = JSON.parse(JSON.stringify(answer ?? null));
      records.push({ id, name, input, output, ms: 0 });
      return output;
    } catch (error) {
      records.push({ id, name, input, error: (error as Error).message, ms: 0 });
      throw error;
    }
  };
  const fields = await program(callTool);
  return tools ? { ...fields, toolCalls: records } : fields;
}
