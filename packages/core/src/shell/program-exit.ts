import type { ExecutionErrorInfo } from '../result/execution-result';
import { fixJavaScriptStack } from './program-code';

/** What a program run from the shell reports back (the parts of a sandbox outcome it uses). */
export interface ShellProgramOutcome {
  stdout: string;
  stderr: string;
  /** The rendered value of the last expression (printed by `node -p`). */
  value?: string;
  error?: ExecutionErrorInfo;
  timedOut: boolean;
}

/** How a shell command that ran a program ended, as a process would. */
export interface ShellProgramExit {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Exit statuses of programs stopped by the sandbox, as a shell reports a process ended by it. */
const stoppedStatus: Record<string, number> = {
  // `timeout(1)`'s status.
  TimeoutError: 124,
  // SIGKILL, as the kernel's out-of-memory killer ends a process.
  MemoryLimitError: 137,
  // SIGINT.
  AbortError: 130,
  // SIGABRT.
  SandboxCrashedError: 134,
};

/**
 * The exit of a program from its sandbox outcome: 0 on success; `SystemExit`'s status; 1 on an
 * uncaught error, printed on stderr as the interpreter prints it (Python's traceback is already
 * there; a JavaScript stack is added with the file's name); 124/137/130/134 when the sandbox
 * stopped it at its deadline, at its memory limit, on abort, or crashed, with the reason on stderr.
 */
export function programExit(
  outcome: ShellProgramOutcome,
  program: {
    command: string;
    language: 'python' | 'javascript';
    filename: string;
    prefixLength?: number;
  },
): ShellProgramExit {
  const exit = { stdout: outcome.stdout, stderr: outcome.stderr, exitCode: 0 };
  const error = outcome.error;
  if (!error) return exit;
  const stopped = stoppedStatus[error.name];
  if (stopped !== undefined) {
    exit.exitCode = stopped;
    exit.stderr = withLine(exit.stderr, `${program.command}: ${error.name}: ${error.message}`);
    return exit;
  }
  if (error.name === 'SystemExit' && program.language === 'python') {
    const status = Number(error.message);
    if (Number.isInteger(status)) {
      exit.exitCode = status & 0xff;
      return exit;
    }
  }
  if (error.name === 'ProcessExit' && program.language === 'javascript') {
    const status = /^process\.exit\((-?\d+)\)$/.exec(error.message);
    if (status) {
      exit.exitCode = Number(status[1]) & 0xff;
      return exit;
    }
  }
  exit.exitCode = 1;
  const text =
    program.language === 'javascript'
      ? error.stack
        ? fixJavaScriptStack(error.stack, program.filename, program.prefixLength ?? 0)
        : error.name === 'Uncaught'
          ? `Uncaught ${error.message}`
          : `${error.name}: ${error.message}`
      : (error.stack ?? `${error.name}: ${error.message}`);
  exit.stderr = withLine(exit.stderr, text);
  return exit;
}

function withLine(text: string, line: string): string {
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`;
}
