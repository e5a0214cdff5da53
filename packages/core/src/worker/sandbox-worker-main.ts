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

process.on('message', (message: HostToWorkerMessage) => {
  if (message.kind === 'shutdown') {
    void worker.shutdown().finally(() => process.exit(0));
    return;
  }
  worker.handle(message);
});
// The supervisor went away: nothing is left to answer to.
process.on('disconnect', () => {
  void worker.shutdown().finally(() => process.exit(0));
});

send({ kind: 'ready', pid: process.pid });
worker.prewarm();
