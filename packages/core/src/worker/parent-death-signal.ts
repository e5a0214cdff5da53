import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

let setpriv: string | null | undefined;

/** util-linux `setpriv` when it is installed and takes `--pdeathsig` (2.33 and newer). */
function setprivWithParentDeathSignal(): string | undefined {
  if (setpriv === undefined) {
    setpriv = null;
    for (const candidate of ['/usr/bin/setpriv', '/bin/setpriv']) {
      try {
        accessSync(candidate, constants.X_OK);
      } catch {
        continue;
      }
      const probe = spawnSync(candidate, ['--pdeathsig', 'KILL', '--', 'true'], {
        stdio: 'ignore',
        timeout: 10_000,
      });
      if (probe.status === 0) setpriv = candidate;
      break;
    }
  }
  return setpriv ?? undefined;
}

/**
 * The command line that starts `command` with SIGKILL as its parent-death signal (Linux
 * `PR_SET_PDEATHSIG`, set by `setpriv`, which then executes the command in its own process):
 * a worker process that is not under bubblewrap (whose `--die-with-parent` does this) ends with
 * the application even when the application is SIGKILLed and the worker's own event loop is too
 * busy to notice its IPC channel closing. Unchanged where `setpriv` is missing (not Linux).
 */
export function withParentDeathSignal(
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  const wrapper = process.platform === 'linux' ? setprivWithParentDeathSignal() : undefined;
  return wrapper
    ? { command: wrapper, args: ['--pdeathsig', 'KILL', '--', command, ...args] }
    : { command, args: [...args] };
}
