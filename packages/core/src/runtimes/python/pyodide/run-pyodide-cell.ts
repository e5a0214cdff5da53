import type { ExecutionErrorInfo, ExecutionImage } from '../../../result/execution-result';
import { SandboxToolCalls } from '../../../tools/sandbox-tool-calls';
import { classifyIsolateFailure } from '../../classify-isolate-failure';
import { limitErrorInfo, type SandboxStop as Stop } from '../../limit-error-info';
import type { SandboxRunOutcome, SandboxRunRequest } from '../../sandbox-runtime';
import type { CollectedRun, FailureDescription } from './collected-run';
import { driveUntilSettled } from './drive-isolate';
import type { PyodideIsolate } from './pyodide-isolate';
import { settleWithin } from './settle-within';

/** Grace after the deadline before the isolate is disposed from outside, whatever it is doing. */
const hardStopGraceMs = 500;
/** How long a disposed isolate's pending call may take to answer before the run stops waiting. */
const stopGraceMs = 250;
/** How long a run may have nothing pending (no timer, not settled) before it counts as stuck. */
const idleGraceMs = 250;
/**
 * Least time the isolate gets to answer a call after the run (its output, its heap statistics);
 * otherwise it has until the watchdog's time, so the run is over by its deadline plus grace.
 */
const answerGraceMs = 250;

/**
 * Runs one cell in a booted Pyodide sandbox and drives it to completion: the driver's coroutine,
 * then the timers its event loop schedules (asyncio, `time.sleep`), until the cell settles or the
 * deadline passes. Every call into the isolate carries the remaining time as its timeout (so
 * `while True: pass` and retry loops that catch `BaseException` are stopped by V8, not by Python),
 * and a watchdog disposes the isolate shortly after the deadline whatever it is doing. A sandbox
 * whose run was stopped is never reused.
 *
 * Nothing here waits on the isolate synchronously or without a bound: the tick that reports the
 * run settled also carries what it produced, and the calls made after the run (the output of a
 * run stopped early, the heap statistics) are waited for until the watchdog's time (at least
 * {@link answerGraceMs}); an isolate that does not answer by then is busy with code the program
 * left behind (a finalizer running a `__del__`) and is disposed: the run keeps its result, but its
 * sandbox (a session's state) is not reused.
 */
export async function runPyodideCell(
  sandbox: PyodideIsolate,
  request: SandboxRunRequest,
): Promise<SandboxRunOutcome> {
  const deadline = performance.now() + request.timeoutMs;
  const remaining = () => Math.max(1, Math.ceil(deadline - performance.now()));
  const { control } = sandbox;

  let stop: Stop | undefined;
  let hang = false;
  const toolCalls = new SandboxToolCalls(request.tools);
  /** What the run produced, handed over by the tick that reported it settled. */
  let delivered: CollectedRun | undefined;
  /** An error thrown out of a call into the isolate that is not a limit (an unhandled rejection). */
  let thrown: string | undefined;
  // Stopping from outside: dispose the isolate, whatever it is doing, and stop waiting for it a
  // moment later even if a call into it never answers.
  let giveUp: (() => void) | undefined;
  const stoppedFromOutside = new Promise<void>((resolve) => {
    giveUp = resolve;
  });
  const stopFromOutside = (why: Stop) => {
    stop ??= why;
    sandbox.dispose();
    setTimeout(() => giveUp?.(), stopGraceMs);
  };
  const watchdog = setTimeout(
    () => stopFromOutside('timeout'),
    request.timeoutMs + hardStopGraceMs,
  );
  const onAbort = () => stopFromOutside('aborted');
  request.signal.addEventListener('abort', onAbort, { once: true });
  if (request.signal.aborted) onAbort();

  const drive = async () => {
    try {
      sandbox.setOutputListener(
        request.onOutput ? (stream, text) => request.onOutput?.({ stream, text }) : undefined,
      );
      sandbox.setWorkspace(request.workspace);
      sandbox.setToolCalls(toolCalls);
      if (stop) return;
      await control.startRun.apply(
        undefined,
        [
          {
            code: request.code,
            maxOutputChars: request.maxOutputChars,
            stream: request.onOutput !== undefined,
            ...(request.tools ? { tools: [...request.tools.names] } : {}),
            ...(request.tools?.network ? { network: true } : {}),
          },
        ],
        { arguments: { copy: true }, timeout: remaining() },
      );
      const { end, settledWith } = await driveUntilSettled(control.tick, {
        deadline,
        signal: request.signal,
        idleGraceMs,
        tools: { calls: toolCalls, answer: control.answerTools },
      });
      if (end === 'settled') delivered = settledWith as CollectedRun | undefined;
      if (end === 'deadline') stop ??= 'timeout';
      else if (end === 'aborted') stop ??= 'aborted';
      else if (end === 'hang') hang = true;
    } catch (error) {
      const kind = classifyIsolateFailure(error);
      if (kind === 'rejection') thrown = error instanceof Error ? error.message : String(error);
      else stop ??= kind;
    }
  };
  try {
    await Promise.race([drive(), stoppedFromOutside]);
  } finally {
    clearTimeout(watchdog);
    request.signal.removeEventListener('abort', onAbort);
  }

  const answerWithinMs = () =>
    Math.max(answerGraceMs, deadline + hardStopGraceMs - performance.now());
  // From here on the run is over: code it left behind finds no workspace.
  sandbox.setWorkspace(undefined);
  toolCalls.close();
  sandbox.setToolCalls(undefined);
  const collected = delivered ?? (await collect(sandbox, answerWithinMs()));
  sandbox.setOutputListener(undefined);
  const heapBytes = await sandbox.heapUsedBytes(answerWithinMs());
  const reusable =
    !stop && !hang && !thrown && !collected?.fatal && !collected?.failure && !sandbox.isDisposed;
  if (!reusable) sandbox.dispose();

  const driverResult =
    !stop && collected?.result !== undefined ? parseDriverResult(collected.result) : undefined;
  const outcome: SandboxRunOutcome = {
    stdout: driverResult?.stdout ?? collected?.stdout ?? '',
    stderr: driverResult?.stderr ?? collected?.stderr ?? '',
    timedOut: stop === 'timeout',
    truncated: driverResult?.truncated ?? collected?.truncated ?? false,
    images: driverResult?.images ?? [],
    reusable,
  };
  if (heapBytes !== undefined && collected) {
    outcome.memoryUsedMb =
      Math.round(((heapBytes + collected.wasmMemoryBytes) / 1_048_576) * 10) / 10;
  }
  let error: ExecutionErrorInfo | undefined;
  if (stop) {
    error = limitErrorInfo(stop, request.timeoutMs, sandbox.wasmMemoryLimitMb);
  } else if (collected?.fatal) {
    const { exitStatus } = collected.fatal;
    // os._exit(0) ends the program without an error, like sys.exit(0).
    if (exitStatus !== 0) error = fatalErrorInfo(collected.fatal);
  } else if (driverResult) {
    error = driverResult.error && withPackageHint(driverResult.error);
    if (!error && driverResult.value !== undefined) outcome.value = driverResult.value;
  } else if (collected?.failure) {
    error = fatalErrorInfo(collected.failure);
  } else if (thrown !== undefined) {
    error = fatalErrorInfo({ name: 'Error', message: thrown });
  } else if (hang) {
    error = {
      name: 'RuntimeError',
      message:
        'The program awaits something that can never complete: no timer or task is left that could finish it.',
    };
  } else {
    error = limitErrorInfo('crashed', request.timeoutMs, sandbox.wasmMemoryLimitMb);
  }
  if (error) outcome.error = error;
  return outcome;
}

/**
 * A missing module says why: this Python has the standard library only, and nothing can be
 * installed; the application can run Python natively instead (numpy, pandas, matplotlib).
 */
function withPackageHint(error: ExecutionErrorInfo): ExecutionErrorInfo {
  if (error.name !== 'ModuleNotFoundError') return error;
  return {
    ...error,
    message: `${error.message} (this Python runs in Pyodide with the standard library only, and packages cannot be installed: use the standard library; an application that needs numpy, pandas or matplotlib can run Python natively with python: 'native')`,
  };
}

/** Errors that leave the interpreter unusable (a crash of the WebAssembly runtime, an exit). */
function fatalErrorInfo(failure: FailureDescription): ExecutionErrorInfo {
  if (failure.name === 'SystemExit') return { name: failure.name, message: failure.message };
  if (/Maximum call stack size exceeded/.test(failure.message)) {
    return {
      name: 'RecursionError',
      message:
        'maximum recursion depth exceeded: the interpreter ran out of stack and was stopped; its state was lost. Use iteration or less deep recursion.',
    };
  }
  return {
    name: failure.name,
    message: `${failure.message} (the Python interpreter failed and was discarded; its state was lost)`,
  };
}

/** What a run stopped before it settled had produced; an isolate silent for `waitMs` is disposed. */
async function collect(sandbox: PyodideIsolate, waitMs: number): Promise<CollectedRun | undefined> {
  if (sandbox.isDisposed) return undefined;
  try {
    const collecting = sandbox.control.collect.apply(undefined, [], {
      result: { copy: true },
      timeout: Math.ceil(waitMs),
    }) as Promise<CollectedRun>;
    return await settleWithin(collecting, waitMs, undefined, () => sandbox.dispose());
  } catch {
    return undefined;
  }
}

/** The driver's result, read defensively (the program could have forged it). */
interface DriverResult {
  stdout: string;
  stderr: string;
  value?: string;
  error?: ExecutionErrorInfo;
  images: ExecutionImage[];
  truncated: boolean;
}

function parseDriverResult(json: string): DriverResult | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object') return undefined;
  const record = raw as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const result: DriverResult = {
    stdout: text(record.stdout),
    stderr: text(record.stderr),
    images: [],
    truncated: record.truncated === true,
  };
  if (typeof record.value === 'string') result.value = record.value;
  if (record.error !== null && typeof record.error === 'object') {
    const error = record.error as Record<string, unknown>;
    const info: ExecutionErrorInfo = {
      name: text(error.name) || 'Error',
      message: text(error.message),
    };
    if (typeof error.line === 'number' && Number.isInteger(error.line)) info.line = error.line;
    if (typeof error.column === 'number' && Number.isInteger(error.column))
      info.column = error.column;
    if (typeof error.stack === 'string') info.stack = error.stack;
    result.error = info;
  }
  if (Array.isArray(record.images)) {
    for (const image of record.images) {
      if (image !== null && typeof image === 'object') {
        const { mediaType, data } = image as Record<string, unknown>;
        if (typeof mediaType === 'string' && typeof data === 'string')
          result.images.push({ mediaType, data });
      }
    }
  }
  return result;
}
