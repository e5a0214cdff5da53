import { InvalidInputError } from '@code-interpreter/core';

/**
 * Refuses options that cannot cross to a remote host as JSON: `tools` (their `execute` would
 * have to run in this process while the code runs on the host; not supported remotely yet), and
 * any function inside a value (e.g. a network policy's `lookup`).
 */
export function refuseUnsupportedOptions(options: { tools?: unknown; network?: unknown }): void {
  if (options.tools !== undefined && Object.keys(options.tools as object).length > 0) {
    throw new InvalidInputError({
      issues: [
        {
          path: 'tools',
          message:
            'tools are not supported by a remote interpreter yet: their execute functions cannot cross to a sandbox host. Give the tools to serveSandboxHost on the hosts instead, or use a local interpreter (createCodeInterpreter)',
        },
      ],
    });
  }
  const path = findFunction(options.network, 'network');
  if (path !== undefined) {
    throw new InvalidInputError({
      issues: [
        {
          path,
          message:
            'a function cannot cross to a remote sandbox host (values cross as JSON): configure it on the hosts instead',
        },
      ],
    });
  }
}

function findFunction(value: unknown, path: string): string | undefined {
  if (typeof value === 'function') return path;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findFunction(child, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
