import { execFileSync } from 'node:child_process';

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

/** Every process on the machine whose command line mentions the sandbox worker entry. */
export function allSandboxWorkerProcesses(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('dist/sandbox-worker.js') && !line.includes(' ps '));
}
