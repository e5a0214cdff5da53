import { Worker } from 'node:worker_threads';
import { coreDistFile } from '../package-files';
import type { ShellProgram } from './program-commands';
import type { ShellProgramOutcome } from './program-exit';
import type {
  FromShellThread,
  ShellThreadRequest,
  ShellThreadResult,
  ToShellThread,
} from './shell-thread-protocol';

/** One command line for {@link ShellThreads.run}. */
export interface ShellThreadRun {
  request: ShellThreadRequest;
  /** Heap limit of the shell's thread, in MB (the session's memory limit). */
  heapMb: number;
  /** When the command line must have ended (`performance.now()` time). */
  deadline: number;
  signal: AbortSignal;
  /** Runs one program in a fresh sandbox within `timeoutMs`; aborted with the command line. */
  runProgram(
    program: ShellProgram,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<ShellProgramOutcome>;
}

/** How a command line ended. */
export interface ShellThreadOutcome extends ShellThreadResult {
  /** True when it was stopped at its deadline. */
  timedOut: boolean;
}

interface ShellThread {
  worker: Worker;
  heapMb: number;
}

/** Time a shell gets past its deadline to stop by itself before its thread is terminated. */
const deadlineGraceMs = 250;
/** Time an aborted shell gets to stop by itself before its thread is terminated. */
const abortGraceMs = 100;
/** Floor of a shell thread's heap (just-bash itself needs about 16 MB). */
const minHeapMb = 64;

/**
 * The shell threads of a worker process: each runs one command line at a time, so a script
 * that loops synchronously never holds the thread that answers the supervisor (its heartbeat,
 * other runs). A thread that outlives its deadline, or does not stop when aborted, is terminated
 * (V8 stops it wherever it is); one idle thread is kept for the next command line.
 */
export class ShellThreads {
  private idle: ShellThread | undefined;
  private readonly busy = new Set<ShellThread>();

  run(run: ShellThreadRun): Promise<ShellThreadOutcome> {
    const heapMb = Math.max(minHeapMb, Math.floor(run.heapMb));
    let thread = this.idle;
    this.idle = undefined;
    if (thread && thread.heapMb !== heapMb) {
      void thread.worker.terminate();
      thread = undefined;
    }
    thread ??= startThread(heapMb);
    this.busy.add(thread);
    const current = thread;
    const programs = new AbortController();

    return new Promise<ShellThreadOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: ShellThreadOutcome, keep: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(overrun);
        clearTimeout(abortTimer);
        run.signal.removeEventListener('abort', onAbort);
        current.worker.off('message', onMessage);
        current.worker.off('error', onError);
        current.worker.off('exit', onExit);
        programs.abort();
        this.busy.delete(current);
        if (keep && !this.idle) this.idle = current;
        else void current.worker.terminate();
        resolve(outcome);
      };
      const onMessage = (message: FromShellThread) => {
        if (message.kind === 'done') {
          const timedOut = message.result.exitCode === 124 && performance.now() >= run.deadline - 5;
          finish({ ...message.result, timedOut }, true);
          return;
        }
        const timeoutMs = run.deadline - performance.now();
        const answer =
          timeoutMs < 1 || programs.signal.aborted
            ? Promise.resolve(stoppedProgram(programs.signal.aborted))
            : run.runProgram(message.program, timeoutMs, programs.signal);
        void answer.then((outcome) => {
          if (!settled) post(current, { kind: 'program-done', id: message.id, outcome });
        });
      };
      const onError = (error: Error & { code?: string }) => {
        const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish(
          {
            stdout: '',
            stderr: outOfMemory
              ? `bash: the shell ran out of memory (its limit is ${heapMb} MB) and was stopped\n`
              : `bash: the shell stopped: ${error.message}\n`,
            exitCode: outOfMemory ? 137 : 134,
            timedOut: false,
          },
          false,
        );
      };
      const onExit = () =>
        finish(
          { stdout: '', stderr: 'bash: the shell stopped\n', exitCode: 134, timedOut: false },
          false,
        );
      const overrun = setTimeout(
        () =>
          finish(
            {
              stdout: '',
              stderr: `bash: the command line did not stop at its time limit and was killed\n`,
              exitCode: 124,
              timedOut: true,
            },
            false,
          ),
        Math.max(0, run.deadline - performance.now()) + deadlineGraceMs,
      );
      let abortTimer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        programs.abort();
        post(current, { kind: 'abort' });
        abortTimer = setTimeout(
          () =>
            finish(
              { stdout: '', stderr: 'bash: aborted\n', exitCode: 130, timedOut: false },
              false,
            ),
          abortGraceMs,
        );
      };
      current.worker.on('message', onMessage);
      current.worker.on('error', onError);
      current.worker.on('exit', onExit);
      if (run.signal.aborted) onAbort();
      else run.signal.addEventListener('abort', onAbort, { once: true });
      post(current, { kind: 'exec', request: run.request });
    });
  }

  /** Terminates every thread; command lines in flight end as stopped. */
  async close(): Promise<void> {
    const threads = [...this.busy, ...(this.idle ? [this.idle] : [])];
    this.idle = undefined;
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }
}

function startThread(heapMb: number): ShellThread {
  const worker = new Worker(coreDistFile('shell-thread.js'), {
    // Nothing of the worker process's environment (it names the workspaces' root).
    env: {},
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 },
    stdout: true,
    stderr: true,
  });
  // What the thread might print is not the command's output: drained, never shown.
  worker.stdout.resume();
  worker.stderr.resume();
  // An idle thread does not keep the worker process alive.
  worker.unref();
  return { worker, heapMb };
}

function post(thread: ShellThread, message: ToShellThread): void {
  thread.worker.postMessage(message);
}

/** The outcome of a program the command line had no time (or leave) left to start. */
function stoppedProgram(aborted: boolean): ShellProgramOutcome {
  return {
    stdout: '',
    stderr: '',
    timedOut: !aborted,
    error: aborted
      ? { name: 'AbortError', message: 'The command line was aborted.' }
      : { name: 'TimeoutError', message: 'The command line had no time left to run it.' },
  };
}
