import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { createCliInterpreter } from '../create-cli-interpreter';
import { exitCodes } from '../exit-codes';
import { languageFromPath } from '../language-from-path';
import { jsonForTerminal } from '../output/json-for-terminal';
import type { CodeOptions, OutputOptions } from '../parse-cli-arguments';
import { type CliIo, createTerminalOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

/**
 * `code-interpreter run FILE`: runs a file (or stdin) once and exits with the result's code.
 * Control characters in the program's output are shown as escapes unless `--raw`; `--json` writes
 * them as JSON `\u` escapes.
 */
export async function runCommand(
  command: { file: string; json: boolean } & OutputOptions & CodeOptions,
  io: CliIo & { stdin: NodeJS.ReadableStream },
  signal: AbortSignal,
): Promise<number> {
  const fromStdin = command.file === '-';
  const language = command.language ?? (fromStdin ? undefined : languageFromPath(command.file));
  if (!language) {
    throw new UsageError(
      fromStdin
        ? 'Reading code from stdin: pass --language javascript, typescript or python.'
        : `Cannot tell the language of '${command.file}' from its extension: pass --language javascript, typescript or python.`,
    );
  }
  let code: string;
  try {
    code = fromStdin ? await text(io.stdin) : await readFile(command.file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read '${command.file}': ${(error as Error).message}`);
  }

  const interpreter = createCliInterpreter(command);
  try {
    const output = command.json ? undefined : createTerminalOutput(io, { raw: command.raw });
    const result = await interpreter.run(
      { language, code, timeout: command.timeoutMs, memoryLimit: command.memoryLimitMb },
      { signal, onOutput: output?.onOutput },
    );
    if (output) {
      output.finish(result, {
        timeoutMs: command.timeoutMs ?? interpreter.capabilities.defaultTimeoutMs,
      });
    } else {
      io.stdout.write(jsonForTerminal(result));
    }
    return result.success ? exitCodes.success : exitCodes.codeFault;
  } finally {
    await interpreter.close();
  }
}
