import { createInterface } from 'node:readline';
import {
  escapeControlCharacters,
  InvalidInputError,
  RunAbortedError,
  SandboxError,
} from '@code-interpreter/core';
import { createCliInterpreter } from '../create-cli-interpreter';
import { exitCodes } from '../exit-codes';
import type { CodeOptions, OutputOptions } from '../parse-cli-arguments';
import { EntryCollector } from '../repl/entry-collector';
import { type CliIo, createTerminalOutput } from '../terminal-output';

const prompts = {
  javascript: ['> ', '... '],
  typescript: ['ts> ', '... '],
  python: ['>>> ', '... '],
} as const;

/**
 * `code-interpreter repl`: reads entries line by line (from a terminal or a pipe) and runs each in
 * one session, so state persists. Prompts are shown on a terminal only. `.exit` or end of input
 * ends it; Ctrl+C stops a running entry or clears the one being typed. Control characters in the
 * entries' output are shown as escapes unless `--raw`.
 */
export async function replCommand(
  command: OutputOptions & CodeOptions,
  io: CliIo & { stdin: NodeJS.ReadableStream & { isTTY?: boolean } },
  signal: AbortSignal,
): Promise<number> {
  const language = command.language ?? 'javascript';
  const terminal = io.stdin.isTTY === true;
  const interpreter = createCliInterpreter(command);
  const session = interpreter.createSession({ memoryLimitMb: command.memoryLimitMb });
  const collector = new EntryCollector(language);
  const rl = createInterface({
    input: io.stdin,
    output: terminal ? io.stdout : undefined,
    terminal,
  });
  const [prompt, continuation] = prompts[language];
  const showPrompt = () => {
    if (!terminal) return;
    rl.setPrompt(collector.pending ? continuation : prompt);
    rl.prompt();
  };

  let running: AbortController | undefined;
  let interruptedOnce = false;
  rl.on('SIGINT', () => {
    if (running) {
      running.abort();
      return;
    }
    if (collector.pending) {
      collector.clear();
      io.stdout.write('\n');
    } else if (interruptedOnce) {
      rl.close();
      return;
    } else {
      interruptedOnce = true;
      io.stdout.write('\n(To exit, press Ctrl+C again or Ctrl+D, or type .exit)\n');
    }
    showPrompt();
  });
  const onAbort = () => {
    running?.abort();
    rl.close();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  const runEntry = async (code: string) => {
    running = new AbortController();
    const output = createTerminalOutput(io, { raw: command.raw });
    try {
      const result = await session.run(
        { language, code, timeout: command.timeoutMs, memoryLimit: command.memoryLimitMb },
        { signal: running.signal, onOutput: output.onOutput },
      );
      output.finish(result, {
        timeoutMs: command.timeoutMs ?? interpreter.capabilities.defaultTimeoutMs,
      });
    } catch (error) {
      if (RunAbortedError.isInstance(error)) io.stderr.write('Interrupted.\n');
      else if (InvalidInputError.isInstance(error) || SandboxError.isInstance(error)) {
        io.stderr.write(`${escapeControlCharacters(error.message)}\n`);
      } else throw error;
    } finally {
      running = undefined;
    }
  };

  try {
    showPrompt();
    for await (const line of rl) {
      interruptedOnce = false;
      if (!collector.pending && line.trim() === '.exit') break;
      const code = collector.push(line);
      if (code !== undefined) await runEntry(code);
      showPrompt();
    }
    const rest = collector.flush();
    if (rest !== undefined && !signal.aborted) await runEntry(rest);
    if (terminal) io.stdout.write('\n');
    return exitCodes.success;
  } finally {
    signal.removeEventListener('abort', onAbort);
    rl.close();
    await session.close();
    await interpreter.close();
  }
}
