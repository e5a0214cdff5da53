import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The example's folder. */
export const appFolder = fileURLToPath(new URL('../..', import.meta.url));
const nextBin = join(appFolder, 'node_modules', 'next', 'dist', 'bin', 'next');

/** The environment of the app under test: no model keys, so the scripted model answers. */
function appEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
  for (const name of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'CHAT_PROVIDER', 'NODE_OPTIONS']) {
    delete env[name];
  }
  return env;
}

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** True when `.next` holds a production build newer than every input of the build. */
function buildIsFresh(): boolean {
  const buildId = join(appFolder, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const inputs = [
    'app',
    'components',
    'lib',
    'next.config.ts',
    'package.json',
    'tsconfig.json',
    '../../packages/core/dist',
    '../../packages/ai-sdk/dist',
  ].map((path) => newestChange(join(appFolder, path)));
  return statSync(buildId).mtimeMs > Math.max(...inputs);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], {
      cwd: appFolder,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`next ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

/**
 * Builds the app with `next build` unless `.next` already holds a build newer than its sources
 * (one build serves every test, and a re-run after no change). Returns whether it built.
 */
export async function buildApp(): Promise<boolean> {
  if (buildIsFresh()) return false;
  await run(['build'], appEnvironment());
  return true;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** A running `next start`. */
export interface RunningApp {
  url: string;
  /** What the server printed, for failure messages. */
  logs(): string;
  /** Stops the server and every process it started (its sandbox workers). */
  stop(): Promise<void>;
}

/**
 * Starts the built app on 127.0.0.1 the way its README does (the package's `start` script, the
 * port from `PORT`) and waits until it answers.
 */
export async function startApp(): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group, so that stop() reaches the server's children too.
  const child: ChildProcess = spawn(
    'npm',
    ['run', '-s', 'start', '--', '--hostname', '127.0.0.1'],
    {
      cwd: appFolder,
      env: appEnvironment({ PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const killed = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 5_000);
    await exited;
    clearTimeout(killed);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`next start exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer on ${url} within 60 s:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, logs: () => output, stop };
}
