/**
 * Entry of a sandbox worker process (started by the supervisor with an IPC channel). User code
 * runs here, inside isolates or sandboxed child processes, never in the application's process.
 */
import { SandboxWorker } from './sandbox-worker';
import type { HostToWorkerMessage, WorkerSettings, WorkerToHostMessage } from './worker-protocol';

const send = (message: WorkerToHostMessage) => {
  if (process.connected) process.send?.(message);
};

if (!process.send) {
  process.stderr.write('The sandbox worker must be started by @code-interpreter/core.\n');
  process.exit(2);
}

const settings = JSON.parse(
  process.env.CODE_INTERPRETER_WORKER_SETTINGS ?? '{}',
) as Partial<WorkerSettings>;
delete process.env.CODE_INTERPRETER_WORKER_SETTINGS;
const worker = new SandboxWorker(
  { warmSandboxes: {}, defaultMemoryLimitMb: 128, ...settings },
  send,
);

/**
 * Frees what can be freed quickly, then exits. Everything the worker holds (isolates, sandboxed
 * child processes started with --die-with-parent) ends with the process anyway, so a slow
 * cleanup (a Pyodide boot in flight) must not hold up the application's close().
 */
function exitSoon(): void {
  const deadline = setTimeout(() => process.exit(0), 300);
  void worker.shutdown().finally(() => {
    clearTimeout(deadline);
    process.exit(0);
  });
}

process.on('message', (message: HostToWorkerMessage) => {
  if (message.kind === 'shutdown') {
    exitSoon();
    return;
  }
  worker.handle(message);
});
// The supervisor went away: nothing is left to answer to.
process.on('disconnect', exitSoon);

send({ kind: 'ready', pid: process.pid });
worker.prewarm();
