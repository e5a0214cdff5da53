import { escapeControlCharacters } from '@code-interpreter/core';
import { type SandboxHost, serveSandboxHost } from '@code-interpreter/remote';
import { exitCodes } from '../exit-codes';
import { natsSecurityFromFlags } from '../nats/nats-flags';
import { networkPolicyFromFlags, withNetworkFlagNames } from '../network/network-flags';
import type { CodeOptions, HostOptions } from '../parse-cli-arguments';
import { connectOrExplain } from './nats-connection-error';

/**
 * `code-interpreter host --nats <url>`: runs a sandbox host (`serveSandboxHost`) that takes runs
 * and sessions from `createRemoteCodeInterpreter` clients (`code-interpreter mcp --nats`) over
 * NATS, with the interpreter the flags describe. Says on stderr when it serves; on SIGINT or
 * SIGTERM it stops taking work, frees its sessions and exits 0.
 */
export async function hostCommand(
  command: HostOptions & CodeOptions,
  signal: AbortSignal,
): Promise<number> {
  // Secret header values are read now, before anything starts: an unset variable is exit 2.
  const network = networkPolicyFromFlags(command.network, process.env);
  const natsSecurity = natsSecurityFromFlags(command.natsFlags, process.env);
  let host: SandboxHost;
  try {
    host = await connectOrExplain(command.nats, () =>
      serveSandboxHost({
        servers: command.nats,
        ...natsSecurity,
        ...(command.hostName === undefined ? {} : { name: command.hostName }),
        ...(command.workers === undefined ? {} : { workers: command.workers }),
        ...(command.maxSessions === undefined ? {} : { maxSessions: command.maxSessions }),
        ...(command.sessionIdleTimeoutMs === undefined
          ? {}
          : { sessionIdleTimeoutMs: command.sessionIdleTimeoutMs }),
        ...(network ? { network } : {}),
        python: command.python,
        languages: command.language ? [command.language] : undefined,
        ...(command.timeoutMs === undefined
          ? {}
          : { maxTimeoutMs: command.timeoutMs, defaultTimeoutMs: command.timeoutMs }),
        ...(command.memoryLimitMb === undefined
          ? {}
          : {
              maxMemoryLimitMb: command.memoryLimitMb,
              defaultMemoryLimitMb: Math.min(128, command.memoryLimitMb),
            }),
        // Worker logs can quote what a sandbox wrote: escaped like program output.
        onLog: (level, message) => {
          if (level === 'warn' || level === 'error')
            process.stderr.write(`[code-interpreter] ${escapeControlCharacters(message)}\n`);
        },
      }),
    );
  } catch (error) {
    throw withNetworkFlagNames(error, command.network);
  }
  const servers = command.nats.map(escapeControlCharacters).join(', ');
  process.stderr.write(`Sandbox host ${host.id} serving on NATS ${servers}\n`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await host.close();
  return exitCodes.success;
}
