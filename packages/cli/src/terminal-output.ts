import type { ExecutionResult, OutputChunk } from '@code-interpreter/core';
import { escapeControlCharacters } from '@code-interpreter/core';
import { createControlCharacterEscaper } from './output/control-character-escaper';

/** Where the command writes: stdout and stderr of the process, or buffers in tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Options of {@link createTerminalOutput}. */
export interface TerminalOutputOptions {
  /**
   * Write what the program produced byte for byte, control characters included (`--raw`). When
   * false, control and bidi characters in anything the program controls (its output, the value,
   * the error and its stack) are shown as escapes such as `\x1b`, `\r`, `\u202e`, so the program
   * cannot move the cursor, set the title, write the clipboard or hide text. The CLI's own
   * messages are not escaped.
   * @default false
   */
  raw?: boolean;
}

/**
 * Shows a run the way a terminal user expects: output streams live as the program prints it,
 * then the value of the last expression, then the error (on stderr) and notes.
 */
export function createTerminalOutput(io: CliIo, { raw = false }: TerminalOutputOptions = {}) {
  const streamed = { stdout: false, stderr: false };
  const escapers = {
    stdout: createControlCharacterEscaper(),
    stderr: createControlCharacterEscaper(),
  };
  /** Text from the sandbox, as it may be shown. */
  const shown = (text: string) => (raw ? text : escapeControlCharacters(text));
  let endsWithNewline = true;
  const write = (stream: 'stdout' | 'stderr', text: string) => {
    if (text === '') return;
    io[stream].write(text);
    endsWithNewline = text.endsWith('\n');
  };
  /** Writes the program's own output, which may come in chunks. */
  const writeOutput = (stream: 'stdout' | 'stderr', text: string) =>
    write(stream, raw ? text : escapers[stream].escape(text));
  return {
    /** Pass as `onOutput`: writes each chunk as it comes. */
    onOutput(chunk: OutputChunk) {
      streamed[chunk.stream] = true;
      writeOutput(chunk.stream, chunk.text);
    },
    /** Writes what the stream did not show yet: the value, the error, notes. */
    finish(result: ExecutionResult, { timeoutMs }: { timeoutMs?: number } = {}) {
      if (!streamed.stdout) writeOutput('stdout', result.stdout);
      if (!streamed.stderr) writeOutput('stderr', result.stderr);
      write('stdout', escapers.stdout.flush());
      write('stderr', escapers.stderr.flush());
      const line = (stream: 'stdout' | 'stderr', text: string) =>
        write(stream, `${endsWithNewline ? '' : '\n'}${text}\n`);
      if (result.value !== undefined) line('stdout', shown(result.value));
      if (!result.success) {
        if (result.timedOut) {
          const limit = timeoutMs ?? Math.round(result.executionTime);
          line('stderr', `Timed out after ${limit} ms: the program was stopped.`);
        } else {
          const info = result.errorInfo;
          const stack = info?.stack?.trim();
          if (stack && info && stack.includes(info.message)) {
            line('stderr', shown(stack));
          } else {
            let headline =
              result.error ?? (info ? `${info.name}: ${info.message}` : 'The program failed.');
            if (info?.line !== undefined && !headline.includes(`line ${info.line}`)) {
              headline += ` (line ${info.line})`;
            }
            line('stderr', shown(stack ? `${headline}\n${stack}` : headline));
          }
        }
      }
      if (result.sessionReset) line('stderr', `[session reset: ${result.sessionReset.message}]`);
      if (result.truncated) line('stderr', '[output was too long: the middle was cut]');
      for (const image of result.images) {
        const kb = Math.round((image.data.length * 3) / 4 / 1024);
        line('stderr', `[${shown(image.mediaType)} image, ${kb} KB: use --json to get its data]`);
      }
    },
  };
}
