import { type ChildProcess, spawn } from 'node:child_process';
import { builtCli } from './built-cli';

/** A running process of the built CLI, and what matched its `ready` pattern. */
export interface StartedCli {
  child: ChildProcess;
  /** The pattern's first group, or its whole match. */
  match: string;
}

/**
 * Starts the built CLI with `args` and resolves once its stderr matches `ready` (rejects when it
 * exits first, or after 60 s). Add the child to `children` so the test stops it afterwards.
 */
export function startCli(
  args: string[],
  ready: RegExp,
  children: ChildProcess[],
): Promise<StartedCli> {
  const child = spawn(process.execPath, [builtCli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s: ${stderr}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = ready.exec(stderr);
      if (!found) return;
      clearTimeout(timer);
      resolve({ child, match: found[1] ?? found[0] });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
}

/** Sends SIGTERM (or `signal`) and resolves once the process has exited. */
export function stopCli(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
