import type IsolatedVM from 'isolated-vm';
import type { ExecutionErrorInfo } from '../../result/execution-result';
import { SandboxToolCalls } from '../../tools/sandbox-tool-calls';
import { classifyIsolateFailure } from '../classify-isolate-failure';
import { ivm } from '../isolated-vm';
import { limitErrorInfo, type SandboxStop as Stop } from '../limit-error-info';
import type { SandboxRunOutcome, SandboxRunRequest } from '../sandbox-runtime';
import { compileProgram, v8CompileError } from './compile-program';
import type { CollectedRun } from './isolate/collected-run';
import { describeThrownValue } from './isolate/describe-thrown-value';
import type { JavaScriptIsolate, PreparedContext } from './javascript-isolate';
import type { SourceTransformer } from './transform/source-transformer';

/** Grace after the deadline before the isolate is disposed from outside, whatever it is doing. */
const hardStopGraceMs = 500;
/**
 * How long a call into an isolate that isolated-vm disposed at its memory limit may take to
 * settle before the run is declared a runaway (a builtin still running, and allocating, in it).
 */
const runawayAfterMs = 250;

/**
 * Runs one program in a prepared context and drives it to completion: the script, then promise
 * continuations and timers, until the top level has settled and no timer is pending, or until
 * the deadline. Every call into the isolate carries the remaining time as its timeout, and a
 * watchdog disposes the isolate shortly after the deadline whatever it is doing.
 */
export async function runJavaScriptProgram(
  host: JavaScriptIsolate,
  prepared: PreparedContext,
  request: SandboxRunRequest,
  options: { transformer: SourceTransformer; persistBindings: boolean },
): Promise<SandboxRunOutcome> {
  const start = performance.now();
  const deadline = start + request.timeoutMs;
  const remaining = () => Math.max(1, Math.ceil(deadline - performance.now()));
  const { control } = prepared;

  const compiled = await compileProgram(host, request, {
    ...options,
    deadline,
    signal: request.signal,
  });
  if ('failed' in compiled) {
    // The program never reached the isolate: it stays as clean as it was.
    return {
      stdout: '',
      stderr: '',
      error: compiled.failed,
      timedOut: compiled.timedOut,
      truncated: false,
      images: [],
      reusable: true,
    };
  }

  let stop: Stop | undefined;
  const toolCalls = new SandboxToolCalls(request.tools);
  const watchdog = setTimeout(() => {
    stop ??= 'timeout';
    host.dispose();
  }, request.timeoutMs + hardStopGraceMs);
  let waitTimer: NodeJS.Timeout | undefined;
  let wakeWait: (() => void) | undefined;
  const onAbort = () => {
    stop ??= 'aborted';
    host.dispose();
    wakeWait?.();
  };
  request.signal.addEventListener('abort', onAbort, { once: true });
  if (request.signal.aborted) onAbort();
  // isolated-vm disposes an isolate that reaches its memory limit, and the call running in it
  // then rejects, unless a V8 builtin ignores the termination (Array(1e9).fill(0) keeps
  // allocating on its thread): that call never settles. Stop waiting for it, report the memory
  // limit, and tell the worker that a thread of it can only be freed by ending the process.
  let runaway = false;
  let wakeStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    wakeStopped = resolve;
  });
  let disposedSeenAt: number | undefined;
  const memoryWatch = setInterval(() => {
    if (stop || !host.isDisposed) return;
    disposedSeenAt ??= performance.now();
    if (performance.now() - disposedSeenAt < runawayAfterMs) return;
    stop = 'memory';
    runaway = true;
    wakeWait?.();
    wakeStopped();
  }, 50);
  /** Settles with `call`, or as soon as the run is stopped from outside while `call` hangs. */
  const unlessStopped = (call: Promise<unknown>) => {
    call.catch(() => {});
    return Promise.race([call, stopped]);
  };

  let collected: CollectedRun | undefined;
  let hangError: ExecutionErrorInfo | undefined;
  let unhandled: ExecutionErrorInfo | undefined;
  let unhandledCut = false;
  let compiling = false;
  try {
    prepared.setOutputListener(
      request.onOutput ? (stream, text) => request.onOutput?.({ stream, text }) : undefined,
    );
    prepared.setWorkspace(request.workspace);
    prepared.setToolCalls(toolCalls);
    // Evaluating the rewritten cell only compiles it (its completion value is the cell as a
    // function, not yet called), so it runs synchronously: no thread hop. The program itself, and
    // every timer callback, runs in asynchronous calls that leave this thread free.
    compiling = true;
    const program = prepared.context.evalSync(compiled.code, {
      filename: compiled.filename,
      timeout: remaining(),
      reference: true,
    }) as IsolatedVM.Reference<unknown>;
    compiling = false;
    const settings = new ivm.ExternalCopy({
      maxOutputChars: request.maxOutputChars,
      stream: request.onOutput !== undefined,
      columnShifts: compiled.columnShifts,
      ...(request.tools ? { tools: [...request.tools.names] } : {}),
      ...(request.tools?.network ? { network: true } : {}),
    });
    await unlessStopped(
      control.apply(
        undefined,
        ['start', program.derefInto(), settings.copyInto({ release: true })],
        { timeout: remaining() },
      ),
    );
    if (!host.isDisposed) program.release();

    /** Sleeps until `ms` passed, a tool answer arrived, or the run is stopped from outside. */
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        if (toolCalls.hasAnswers) return resolve();
        wakeWait = resolve;
        toolCalls.onArrival = resolve;
        waitTimer = setTimeout(resolve, ms);
      }).finally(() => {
        clearTimeout(waitTimer);
        wakeWait = undefined;
        toolCalls.onArrival = undefined;
      });

    for (;;) {
      if (stop) break;
      if (toolCalls.hasAnswers) {
        // Answers go in between two calls into the isolate; their reactions (user code) run in
        // this asynchronous call's microtask checkpoint.
        const answers = new ivm.ExternalCopy(toolCalls.take());
        await unlessStopped(
          control.apply(undefined, ['answer', answers.copyInto({ release: true })], {
            timeout: remaining(),
          }),
        );
        continue;
      }
      // An asynchronous call ends after the isolate's microtask checkpoint: the report sees
      // every promise reaction that ran, so one synchronous call (runs no user code) suffices.
      const [settled, nextDelay, finished] = control.applySync(
        undefined,
        ['report', toolCalls.pending > 0],
        {
          result: { copy: true },
          timeout: 1_000,
        },
      ) as [number, number, CollectedRun?];
      if (finished) {
        collected = finished;
        break;
      }
      if (nextDelay < 0 && toolCalls.pending > 0) {
        // Waiting for a tool's answer or a response, not stuck: until it comes or the deadline.
        if (performance.now() >= deadline) {
          stop = 'timeout';
          break;
        }
        await sleep(remaining());
        continue;
      }
      if (nextDelay < 0) {
        if (!settled) {
          hangError = {
            name: 'Error',
            message:
              'The program awaits a promise that can never settle: nothing is left that could resolve it (no timer is pending).',
          };
        }
        break;
      }
      if (performance.now() >= deadline) {
        stop = 'timeout';
        break;
      }
      if (nextDelay > 0) {
        await sleep(Math.min(nextDelay, remaining()));
        continue;
      }
      await unlessStopped(control.apply(undefined, ['tick'], { timeout: remaining() }));
    }
  } catch (error) {
    const kind = classifyIsolateFailure(error);
    const syntaxError = compiling && kind === 'rejection' ? v8CompileError(error) : undefined;
    if (syntaxError) unhandled = syntaxError;
    // isolated-vm throws a rejection nobody handled out of the call that left it unhandled:
    // like Node, an unhandled rejection ends the program with that error.
    else if (kind === 'rejection') {
      const { cut, ...info } = describeThrownValue(error, String, compiled.columnShifts);
      unhandled = info;
      unhandledCut = cut === true;
    } else stop ??= kind;
  } finally {
    clearTimeout(watchdog);
    clearInterval(memoryWatch);
    clearTimeout(waitTimer);
    request.signal.removeEventListener('abort', onAbort);
  }

  collected ??= collect(prepared, host);
  toolCalls.close();
  prepared.setOutputListener(undefined);
  prepared.setWorkspace(undefined);
  prepared.setToolCalls(undefined);
  const memoryUsedMb = host.memoryUsedMb();
  if (stop) host.dispose();

  const outcome: SandboxRunOutcome = {
    stdout: collected?.stdout ?? '',
    stderr: collected?.stderr ?? '',
    timedOut: stop === 'timeout',
    truncated: (collected?.truncated ?? false) || unhandledCut,
    images: [],
    reusable: stop === undefined && !host.isDisposed,
  };
  if (memoryUsedMb !== undefined) outcome.memoryUsedMb = memoryUsedMb;
  if (runaway) outcome.runaway = true;
  const error = stop
    ? limitErrorInfo(stop, request.timeoutMs, host.memoryLimitMb)
    : (collected?.error ?? unhandled ?? hangError);
  if (error) outcome.error = error;
  else if (collected?.value !== undefined) outcome.value = collected.value;
  return outcome;
}

/** What the run printed so far, after it failed or was stopped (runs no user code). */
function collect(prepared: PreparedContext, host: JavaScriptIsolate): CollectedRun | undefined {
  if (host.isDisposed) return undefined;
  try {
    return prepared.control.applySync(undefined, ['collect'], {
      result: { copy: true },
      timeout: 1_000,
    }) as CollectedRun;
  } catch {
    return undefined;
  }
}
