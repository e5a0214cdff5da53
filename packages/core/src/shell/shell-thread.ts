import { parentPort } from 'node:worker_threads';
import { WorkspaceFileSystem } from '../workspace/workspace-file-system';
import type { ShellProgramOutcome } from './program-exit';
import { runCommandLine } from './run-command-line';
import type { FromShellThread, ToShellThread } from './shell-thread-protocol';

/**
 * A shell thread of a worker process: runs one command line at a time with just-bash (whose
 * loops run synchronously for as long as they last, so they must not hold the worker's main
 * thread), and asks the main thread for each program (`python3`, `node`) to run in a sandbox.
 * The main thread terminates it if a command line outlives its deadline.
 */
const port = parentPort;
if (port) {
  const send = (message: FromShellThread) => port.postMessage(message);
  const programs = new Map<number, (outcome: ShellProgramOutcome) => void>();
  let nextProgram = 1;
  let controller: AbortController | undefined;

  port.on('message', (message: ToShellThread) => {
    switch (message.kind) {
      case 'exec': {
        const { request } = message;
        controller = new AbortController();
        const { folder, limits, owner } = request.workspace;
        const files = new WorkspaceFileSystem(folder, limits, owner);
        void runCommandLine(
          request,
          files,
          {
            ...request.programs,
            run: (program) =>
              new Promise<ShellProgramOutcome>((resolve) => {
                const id = nextProgram++;
                programs.set(id, (outcome) => {
                  // The program may have changed the workspace: measure its usage again.
                  files.refreshUsage();
                  resolve(outcome);
                });
                send({ kind: 'program', id, program });
              }),
          },
          controller.signal,
        ).then((result) => {
          files.closeAll();
          send({ kind: 'done', result });
        });
        break;
      }
      case 'abort':
        controller?.abort();
        break;
      case 'program-done':
        programs.get(message.id)?.(message.outcome);
        programs.delete(message.id);
        break;
    }
  });
}
