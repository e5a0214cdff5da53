import type { ExecutionResult, OutputChunk } from '@code-interpreter/core';

/** Where the command writes: stdout and stderr of the process, or buffers in tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Shows a run the way a terminal user expects: output streams live as the program prints it,
 * then the value of the last expression, then the error (on stderr) and notes.
 */
export function createTerminalOutput(io: CliIo) {
  const streamed = { stdout: false, stderr: false };
  let endsWithNewline = true;
  const write = (stream: 'stdout' | 'stderr', text: string) => {
    if (text === '') return;
    io[stream].write(text);
    endsWithNewline = text.endsWith('\n');
  };
  return {
    /** Pass as `onOutput`: writes each chunk as it comes. */
    onOutput(chunk: OutputChunk) {
      streamed[chunk.stream] = true;
      write(chunk.stream, chunk.text);
    },
    /** Writes what the stream did not show yet: the value, the error, notes. */
    finish(result: ExecutionResult, { timeoutMs }: { timeoutMs?: number } = {}) {
      if (!streamed.stdout) write('stdout', result.stdout);
      if (!streamed.stderr) write('stderr', result.stderr);
      const line = (stream: 'stdout' | 'stderr', text: string) =>
        write(stream, `${endsWithNewline ? '' : '\n'}${text}\n`);
      if (result.value !== undefined) line('stdout', result.value);
      if (!result.success) {
        if (result.timedOut) {
          const limit = timeoutMs ?? Math.round(result.executionTime);
          line('stderr', `Timed out after ${limit} ms: the program was stopped.`);
        } else {
          const info = result.errorInfo;
          const stack = info?.stack?.trim();
          if (stack && info && stack.includes(info.message)) {
            line('stderr', stack);
          } else {
            let headline =
              result.error ?? (info ? `${info.name}: ${info.message}` : 'The program failed.');
            if (info?.line !== undefined && !headline.includes(`line ${info.line}`)) {
              headline += ` (line ${info.line})`;
            }
            line('stderr', stack ? `${headline}\n${stack}` : headline);
          }
        }
      }
      if (result.truncated) line('stderr', '[output was too long: the middle was cut]');
      for (const image of result.images) {
        const kb = Math.round((image.data.length * 3) / 4 / 1024);
        line('stderr', `[${image.mediaType} image, ${kb} KB: use --json to get its data]`);
      }
    },
  };
}
