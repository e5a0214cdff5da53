import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Sandbox worker processes (and their bubblewrap wrappers) that are children of this process. */
export function sandboxWorkerPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((line) => line.includes('sandbox-worker'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** Every process of the machine, and a test of whether one descends from this process. */
function processTree() {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const processes = out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, pid, ppid, args]) => ({ pid: Number(pid), ppid: Number(ppid), args: args as string }));
  const parentOf = new Map(processes.map((each) => [each.pid, each.ppid]));
  const descends = (pid: number) => {
    for (let at = parentOf.get(pid); at !== undefined && at > 1; at = parentOf.get(at)) {
      if (at === process.pid) return true;
    }
    return false;
  };
  return { processes, parentOf, descends };
}

/**
 * Sandbox worker processes of this checkout that this process left behind: its descendants, and
 * orphans (reparented to init, as a worker whose supervisor died would be). Workers of other
 * checkouts, or of other test files running at the same time, are not counted.
 */
export function allSandboxWorkerProcesses(): string[] {
  const entry = fileURLToPath(new URL('../dist/sandbox-worker.js', import.meta.url));
  const { processes, parentOf, descends } = processTree();
  return processes
    .filter(
      (each) => each.args.includes(entry) && (parentOf.get(each.pid) === 1 || descends(each.pid)),
    )
    .map((each) => `${each.pid} ${each.args}`);
}

/**
 * The Node processes of this process's sandbox workers (not their bubblewrap wrappers): its
 * descendants that run the worker entry itself.
 */
export function sandboxWorkerNodePids(): number[] {
  const { processes, descends } = processTree();
  return processes
    .filter(
      (each) =>
        each.args.includes('sandbox-worker.js') &&
        !/^(\/usr\/bin\/)?bwrap\b/.test(each.args) &&
        descends(each.pid),
    )
    .map((each) => each.pid);
}
