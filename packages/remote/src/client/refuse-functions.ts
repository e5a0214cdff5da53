import { InvalidInputError } from '@code-interpreter/core';

/**
 * Refuses options that cannot cross to a remote host as JSON: a function inside a value (e.g. a
 * network policy's `lookup`). Tools are not refused: they run in this process (code mode over
 * NATS), only their names cross.
 */
export function refuseUnsupportedOptions(options: { network?: unknown }): void {
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
