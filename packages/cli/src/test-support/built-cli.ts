import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI the integration tests start (test support, not shipped). */
export const builtCli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Throws, saying how to build it, when the CLI has not been built. */
export function assertCliBuilt(): void {
  if (!existsSync(builtCli)) {
    throw new Error(
      `${builtCli} is missing: build it first (pnpm --filter @code-interpreter/cli build).`,
    );
  }
}

/** How a run of the built CLI ended, and what it printed. */
export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runBuiltCli}. */
export interface RunBuiltCliOptions {
  /**
   * What the CLI reads: text written then closed, `'open'` (a pipe never closed, as an MCP client
   * leaves it), or nothing (`undefined`: stdin ignored).
   */
  stdin?: string | 'open';
  /** Variables added to this process's environment. */
  env?: Record<string, string>;
  /** The CLI is killed (SIGKILL) after this long. */
  timeoutMs: number;
}

/** Runs the built CLI with `args` until it exits (or its time is up) and collects what it printed. */
export function runBuiltCli(args: string[], options: RunBuiltCliOptions): Promise<CliOutcome> {
  assertCliBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli, ...args], {
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (typeof options.stdin === 'string' && options.stdin !== 'open')
      child.stdin?.end(options.stdin);
  });
}
