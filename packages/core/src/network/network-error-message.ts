import { ResponseDecodeError, ResponseTooLargeError } from './read-response-body';
import { HostLookupError } from './resolve-host-addresses';

const codeMessages: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ETIMEDOUT: 'connecting timed out',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  EADDRNOTAVAIL: 'the address is not available',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary failure)',
  UND_ERR_SOCKET: 'the connection failed',
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is not for this host name",
  ERR_STREAM_PREMATURE_CLOSE: 'the server closed the connection before the response ended',
};

/**
 * Describes why a request failed without anything of the host beyond a fixed error code: never
 * the original message (which can name local paths, proxies or header contents), stack or cause.
 *
 * @example
 * networkErrorMessage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'api.test:9');
 * // 'The request to api.test:9 failed: the connection was refused (ECONNREFUSED).'
 */
export function networkErrorMessage(error: unknown, where: string): string {
  const rawCode = (error as { code?: unknown } | null)?.code;
  const code =
    typeof rawCode === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(rawCode) ? rawCode : undefined;
  let reason = 'the request failed';
  if (code && codeMessages[code]) reason = codeMessages[code];
  else if (code?.startsWith('HPE_')) reason = 'the server sent an invalid HTTP response';
  else if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)) {
    reason = "the server's TLS certificate was not accepted";
  }
  return `The request to ${where} failed: ${reason}${code ? ` (${code})` : ''}.`;
}

/**
 * Why a request was cancelled: its own time limit, the run's deadline, the run's end, or the
 * code's own abort signal.
 */
export type AbortKind = 'timeout' | 'deadline' | 'ended' | 'caller';

/**
 * The message for a request that failed after it was checked: why it was cancelled (`kind`),
 * else what went wrong (a body over the limit, a corrupt encoding, an unknown host, a network
 * error by code). `where` is the hop's `host:port`.
 */
export function requestFailureMessage(
  error: unknown,
  kind: AbortKind | undefined,
  where: string,
  timeoutMs: number,
): string {
  if (kind === 'timeout') {
    return `The request to ${where} took longer than ${timeoutMs} ms (the request time limit) and was cancelled.`;
  }
  if (kind === 'deadline') return 'The request was cancelled: the run reached its time limit.';
  if (kind === 'ended') return 'The request was cancelled: the run ended.';
  if (kind === 'caller') return 'The request was aborted.';
  if (error instanceof ResponseTooLargeError) {
    return `The response from ${where} is larger than ${error.limit} bytes, the most a request may receive (maxResponseBytes): ask for less, such as a smaller page or range.`;
  }
  if (error instanceof ResponseDecodeError || error instanceof HostLookupError)
    return error.message;
  return networkErrorMessage(error, where);
}
