import type { ExecutionErrorInfo, ExecutionImage } from '../../../result/execution-result';
import { resultCaps } from '../../../result/result-caps';
import type { SandboxRunOutcome } from '../../sandbox-runtime';
import { CappedStreamText } from './capped-stream-text';
import type { SandboxExit } from './sandbox-process';

/** Why the host stopped a run before the sandbox reported its result. */
export type NativePythonStop =
  | 'timeout'
  | 'memory'
  | 'files'
  | 'disk'
  | 'workspace-files'
  | 'workspace-bytes'
  | 'aborted'
  | 'crashed'
  | 'protocol'
  | 'gone';

/** What the stop messages mention. */
export interface StopContext {
  timeoutMs: number;
  memoryLimitMb: number;
  maxTmpFiles: number;
  /** Most bytes in /tmp and /dev/shm together, in MB. */
  maxTmpMb: number;
  stateful: boolean;
  /** The run's workspace limits (most files and folders, most bytes), when it has a workspace. */
  workspaceLimits?: { maxFiles: number; maxBytes: number };
  exit?: SandboxExit;
}

/** Room for the note the driver's own cut adds, so text it already cut is not cut again. */
const noteSlack = 200;
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
const signalNames: Record<number, string> = {
  6: 'SIGABRT',
  7: 'SIGBUS',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  24: 'SIGXCPU',
  25: 'SIGXFSZ',
};

function mb(bytes: number | undefined): string {
  return bytes === undefined ? '?' : String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}

/** True when the process's exit status says the CPU-time limit (SIGXCPU, then SIGKILL) ended it. */
export function exitedOnCpuLimit(exit: SandboxExit | undefined): boolean {
  return exit?.code === 128 + 24;
}

/** The error a run reports when the host stopped it, in words a model can act on. */
export function stopErrorInfo(stop: NativePythonStop, context: StopContext): ExecutionErrorInfo {
  const lost = context.stateful
    ? " The session's Python process was stopped, so its state (variables, functions, imports) is lost; the next run starts fresh."
    : '';
  switch (stop) {
    case 'timeout':
      return {
        name: 'TimeoutError',
        message: `Execution timed out after ${context.timeoutMs} ms: the program was stopped.${lost} Make it do less work, or end loops and sleeps sooner.`,
      };
    case 'memory':
      return {
        name: 'MemoryLimitError',
        message: `Memory limit exceeded: the program used more than ${context.memoryLimitMb} MB and was stopped.${lost} Use smaller data or process it in pieces.`,
      };
    case 'files':
      return {
        name: 'FileLimitError',
        message: `Too many files: the program created more than ${context.maxTmpFiles} files in /tmp and /dev/shm and was stopped.${lost} Write fewer, larger files.`,
      };
    case 'disk':
      return {
        name: 'DiskLimitError',
        message: `Disk limit exceeded: the program wrote more than ${context.maxTmpMb} MB to /tmp and /dev/shm and was stopped.${lost} Write less, or delete files it no longer needs.`,
      };
    case 'workspace-files':
      return {
        name: 'WorkspaceLimitError',
        message: `Workspace file limit exceeded: the program made more than ${context.workspaceLimits?.maxFiles} files and folders in /workspace and was stopped.${lost} The files it wrote until then are kept. Write fewer, larger files, or delete files it no longer needs.`,
      };
    case 'workspace-bytes':
      return {
        name: 'WorkspaceLimitError',
        message: `Workspace size limit exceeded: the files in /workspace came to more than ${mb(context.workspaceLimits?.maxBytes)} MB and the program was stopped.${lost} The files it wrote until then are kept. Write less, or delete files it no longer needs.`,
      };
    case 'aborted':
      return { name: 'AbortError', message: `The run was aborted by its caller.${lost}` };
    case 'protocol':
      return {
        name: 'SandboxCrashedError',
        message: `The Python process sent the host an invalid message (user code wrote to the sandbox's private pipe) and was stopped.${lost}`,
      };
    case 'gone':
      return {
        name: 'SandboxCrashedError',
        message: `The Python process of this sandbox had already ended before this run (after an earlier timeout, crash or os._exit()), so nothing ran.${lost}`,
      };
    case 'crashed': {
      const code = context.exit?.code;
      const how =
        code != null && code > 128 && signalNames[code - 128]
          ? `was killed by ${signalNames[code - 128]}`
          : code != null
            ? `exited with code ${code}`
            : 'ended';
      return {
        name: 'SandboxCrashedError',
        message: `The Python process ${how} before the run finished (os._exit(), a crash in native code, or a resource limit such as the file size limit).${lost}`,
      };
    }
  }
}

/** The outcome of a run the host stopped, with what was printed until then. */
export function stoppedOutcome(
  stop: NativePythonStop,
  context: StopContext,
  output: { stdout: CappedStreamText; stderr: CappedStreamText },
): SandboxRunOutcome {
  const cpuLimit = stop === 'crashed' && exitedOnCpuLimit(context.exit);
  return {
    stdout: output.stdout.text(),
    stderr: output.stderr.text(),
    error: stopErrorInfo(cpuLimit ? 'timeout' : stop, context),
    timedOut: stop === 'timeout' || cpuLimit,
    truncated: output.stdout.full || output.stderr.full,
    images: [],
    reusable: false,
  };
}

function optionalString(value: unknown): string | undefined | false {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : false;
}

/** Cuts one field to `max` characters (plus room for the driver's note); says whether it cut. */
function capField(text: string, max: number, cuts: { cut: boolean }): string {
  const capped = CappedStreamText.cap(text, max + noteSlack, 'stderr');
  if (capped.truncated) cuts.cut = true;
  return capped.text;
}

function readErrorInfo(
  raw: unknown,
  cuts: { cut: boolean },
): ExecutionErrorInfo | undefined | false {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw !== 'object') return false;
  const error = raw as Record<string, unknown>;
  if (typeof error.name !== 'string' || typeof error.message !== 'string') return false;
  const info: ExecutionErrorInfo = {
    name: capField(error.name, resultCaps.errorNameChars, cuts),
    message: capField(error.message, resultCaps.errorMessageChars, cuts),
  };
  if (Number.isInteger(error.line) && (error.line as number) > 0) info.line = error.line as number;
  if (Number.isInteger(error.column) && (error.column as number) > 0)
    info.column = error.column as number;
  if (typeof error.stack === 'string')
    info.stack = capField(error.stack, resultCaps.errorStackChars, cuts);
  return info;
}

function readImages(raw: unknown, cuts: { cut: boolean }): ExecutionImage[] | false {
  if (!Array.isArray(raw)) return false;
  const images: ExecutionImage[] = [];
  let chars = 0;
  if (raw.length > resultCaps.images) cuts.cut = true;
  for (const item of raw.slice(0, resultCaps.images)) {
    if (!item || typeof item !== 'object') return false;
    const { mediaType, data } = item as Record<string, unknown>;
    if (mediaType !== 'image/png' || typeof data !== 'string' || !base64Pattern.test(data))
      return false;
    chars += data.length;
    if (chars > resultCaps.imageBase64Chars) {
      cuts.cut = true;
      break;
    }
    images.push({ mediaType, data });
  }
  return images;
}

/**
 * Checks and converts the driver's result. The sandbox is untrusted (user code runs in the
 * same process as the driver), so every field is validated and capped again here.
 * Returns undefined when the result is malformed.
 */
export function readDriverResult(
  raw: unknown,
  maxOutputChars: number,
): SandboxRunOutcome | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const result = raw as Record<string, unknown>;
  if (typeof result.stdout !== 'string' || typeof result.stderr !== 'string') return undefined;
  const value = optionalString(result.value);
  const cuts = { cut: false };
  const error = readErrorInfo(result.error, cuts);
  const images = readImages(result.images, cuts);
  if (value === false || error === false || images === false) return undefined;
  // The driver's own note adds a few dozen characters beyond the limit.
  const slack = 200;
  const stdout = CappedStreamText.cap(result.stdout, maxOutputChars + slack, 'stdout');
  const stderr = CappedStreamText.cap(result.stderr, maxOutputChars + slack, 'stderr');
  const cappedValue =
    value === undefined ? undefined : CappedStreamText.cap(value, maxOutputChars + slack, 'stdout');
  const memory = result.memoryUsedMb;
  return {
    stdout: stdout.text,
    stderr: stderr.text,
    ...(cappedValue ? { value: cappedValue.text } : {}),
    ...(error ? { error } : {}),
    timedOut: false,
    truncated:
      result.truncated === true ||
      cuts.cut ||
      stdout.truncated ||
      stderr.truncated ||
      Boolean(cappedValue?.truncated),
    images,
    ...(typeof memory === 'number' && Number.isFinite(memory) && memory >= 0
      ? { memoryUsedMb: memory }
      : {}),
    reusable: true,
  };
}
