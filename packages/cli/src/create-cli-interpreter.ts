import {
  type CodeInterpreter,
  createCodeInterpreter,
  escapeControlCharacters,
} from '@code-interpreter/core';
import { networkPolicyFromFlags, withNetworkFlagNames } from './network/network-flags';
import type { CodeOptions } from './parse-cli-arguments';

/**
 * An interpreter sized for one command-line user: one worker, no warm pool to pay for, and the
 * network the flags allow (secret header values read from `env` now). Throws `UsageError` for
 * flags that are wrong, an unset variable included.
 */
export function createCliInterpreter(
  options: CodeOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): CodeInterpreter {
  const network = networkPolicyFromFlags(options.network, env);
  try {
    return createCodeInterpreter({
      python: options.python,
      workers: 1,
      warmSandboxes: { javascript: 0, python: 0 },
      ...(network ? { network } : {}),
      // Worker logs can quote what a sandbox wrote: escaped like program output, even with --raw.
      onLog: (level, message) => {
        if (level === 'warn' || level === 'error')
          process.stderr.write(`[code-interpreter] ${escapeControlCharacters(message)}\n`);
      },
    });
  } catch (error) {
    throw withNetworkFlagNames(error, options.network);
  }
}
