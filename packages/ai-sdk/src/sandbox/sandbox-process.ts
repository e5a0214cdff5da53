import type { CommandOptions, CommandResult, OutputChunk } from '@code-interpreter/core';
import type { Experimental_SandboxProcess } from 'ai';
import { concatBytes } from './byte-streams';

/** A process with writable standard input (`spawn({ stdin: true })`). */
export type WritableSandboxProcess = Experimental_SandboxProcess & {
  /** Standard input: what is written is held until the stream is closed, then the command runs. */
  readonly stdin: WritableStream<Uint8Array>;
};

/** Exit code of a command stopped by `kill()`, as a shell reports a process ended by SIGKILL. */
export const killedExitCode = 137;

/** Runs one command line to its end: `session.exec` with the process's stdin and signal. */
export type StartCommand = (
  stdin: Uint8Array | undefined,
  options: CommandOptions,
) => Promise<CommandResult>;

/**
 * A `SandboxProcess` over a command line that the core runs to its end: stdout and stderr are
 * streams fed as output arrives (today, when the command ends), `wait()` gives the exit code,
 * `kill()` stops it (exit code 137) and the caller's `abortSignal` stops it too (`wait()` then
 * rejects with the signal's reason). With `stdin`, the command starts when the returned `stdin`
 * is closed (or aborted), with everything written to it as its standard input, at most
 * `maxStdinBytes` bytes; it is not interactive.
 */
export function startSandboxProcess(
  start: StartCommand,
  options: { abortSignal?: AbortSignal; stdin: boolean; maxStdinBytes: number },
): Experimental_SandboxProcess | WritableSandboxProcess {
  const { abortSignal, maxStdinBytes } = options;
  const stop = new AbortController();
  let killed = false;
  const onAbort = () => stop.abort(abortSignal?.reason);
  abortSignal?.addEventListener('abort', onAbort, { once: true });

  const output = { stdout: new OutputStream(), stderr: new OutputStream() };

  let input: Promise<Uint8Array | undefined> = Promise.resolve(undefined);
  let stdin: WritableStream<Uint8Array> | undefined;
  if (options.stdin) {
    const written: Uint8Array[] = [];
    let total = 0;
    let release: (bytes: Uint8Array) => void = () => {};
    input = new Promise((resolve) => {
      release = resolve;
    });
    const end = () => release(concatBytes(written, total));
    stdin = new WritableStream<Uint8Array>({
      write(chunk) {
        if (!(chunk instanceof Uint8Array)) {
          throw new TypeError(`stdin takes Uint8Array chunks, got ${typeof chunk}.`);
        }
        if (total + chunk.byteLength > maxStdinBytes) {
          throw new RangeError(
            `stdin holds at most ${maxStdinBytes} bytes here (it is passed whole to the command when closed).`,
          );
        }
        written.push(chunk.slice());
        total += chunk.byteLength;
      },
      close: end,
      abort: end,
    });
  }

  const stopped = new Promise<'stopped'>((resolve) => {
    if (stop.signal.aborted) resolve('stopped');
    stop.signal.addEventListener('abort', () => resolve('stopped'), { once: true });
  });

  const exit = (async (): Promise<{ exitCode: number }> => {
    try {
      const stdinBytes = await Promise.race([input, stopped]);
      if (stdinBytes === 'stopped') {
        if (killed) return { exitCode: killedExitCode };
        throw abortSignal?.reason;
      }
      const running = start(stdinBytes, {
        signal: stop.signal,
        onOutput: (chunk: OutputChunk) => output[chunk.stream].push(chunk.text),
      });
      running.catch(() => {}); // settled below, or abandoned once stopped
      // The core stops the command on the signal; the process ends then, whenever it settles.
      const result = await Promise.race([running, stopped]);
      if (result === 'stopped') {
        if (killed) return { exitCode: killedExitCode };
        throw abortSignal?.reason;
      }
      // Output streamed while it ran is already in the streams; the result may hold more.
      output.stdout.finish(result.stdout);
      output.stderr.finish(result.stderr);
      return { exitCode: result.exitCode };
    } catch (error) {
      if (killed) return { exitCode: killedExitCode };
      if (abortSignal?.aborted) throw abortSignal.reason;
      throw error;
    } finally {
      abortSignal?.removeEventListener('abort', onAbort);
    }
  })();
  exit.then(
    () => {
      output.stdout.close();
      output.stderr.close();
    },
    (error: unknown) => {
      output.stdout.fail(error);
      output.stderr.fail(error);
    },
  );

  const process: Experimental_SandboxProcess = {
    stdout: output.stdout.readable,
    stderr: output.stderr.readable,
    wait: () => exit,
    async kill() {
      if (stop.signal.aborted) return;
      killed = true;
      stop.abort(new Error('The process was killed.'));
      await exit.catch(() => {});
    },
  };
  return stdin ? { ...process, stdin } : process;
}

/** One output stream of a process: text pushed as it comes, encoded as UTF-8 bytes. */
class OutputStream {
  readonly readable: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  private sent = '';
  private done = false;

  constructor() {
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
    });
  }

  push(text: string): void {
    if (this.done || text === '') return;
    this.sent += text;
    this.controller.enqueue(this.encoder.encode(text));
  }

  /** Sends what the final text holds beyond what was streamed (all of it if nothing was). */
  finish(text: string): void {
    if (text.startsWith(this.sent)) this.push(text.slice(this.sent.length));
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.controller.close();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.controller.error(error);
  }
}
