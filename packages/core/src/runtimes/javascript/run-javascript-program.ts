import type IsolatedVM from 'isolated-vm';
import type { ExecutionErrorInfo } from '../../result/execution-result';
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

  let collected: CollectedRun | undefined;
  let hangError: ExecutionErrorInfo | undefined;
  let unhandled: ExecutionErrorInfo | undefined;
  let unhandledCut = false;
  let compiling = false;
  try {
    prepared.setOutputListener(
      request.onOutput ? (stream, text) => request.onOutput?.({ stream, text }) : undefined,
    );
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
    });
    await control.apply(
      undefined,
      ['start', program.derefInto(), settings.copyInto({ release: true })],
      { timeout: remaining() },
    );
    program.release();

    for (;;) {
      if (stop) break;
      // An asynchronous call ends after the isolate's microtask checkpoint: the report sees
      // every promise reaction that ran, so one synchronous call (runs no user code) suffices.
      const [settled, nextDelay, finished] = control.applySync(undefined, ['report'], {
        result: { copy: true },
        timeout: 1_000,
      }) as [number, number, CollectedRun?];
      if (finished) {
        collected = finished;
        break;
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
        await new Promise<void>((resolve) => {
          wakeWait = resolve;
          waitTimer = setTimeout(resolve, Math.min(nextDelay, remaining()));
        });
        wakeWait = undefined;
        continue;
      }
      await control.apply(undefined, ['tick'], { timeout: remaining() });
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
    clearTimeout(waitTimer);
    request.signal.removeEventListener('abort', onAbort);
  }

  collected ??= collect(prepared, host);
  prepared.setOutputListener(undefined);
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
