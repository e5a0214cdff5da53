import { UsageError } from '../usage-error';

/** What Node and the NATS client report when a NATS server cannot be reached. */
const unreachableCodes = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'];

/** Whether `error` says the NATS server could not be reached (not a fault of the code or the host). */
export function isNatsUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // @nats-io's ConnectionError ("connection refused") is not exported by the package the CLI uses.
  return error.name === 'ConnectionError' || unreachableCodes.includes(String(code));
}

/**
 * Runs `connect` (which connects to `servers`) and turns "the NATS server cannot be reached" and
 * "it refused the credentials" into a {@link UsageError} (exit 2) that names the servers and what
 * to do; other errors pass through.
 */
export async function connectOrExplain<T>(
  servers: readonly string[],
  connect: () => Promise<T>,
): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    if (error instanceof Error && error.name === 'AuthorizationError') {
      throw new UsageError(
        `NATS at ${servers.join(', ')} refused this connection's credentials (${error.message}): check --nats-creds or --nats-token-env.`,
      );
    }
    if (!isNatsUnreachable(error)) throw error;
    throw new UsageError(
      `Could not reach NATS at ${servers.join(', ')} (${(error as Error).message}): start nats-server there or fix --nats.`,
    );
  }
}
