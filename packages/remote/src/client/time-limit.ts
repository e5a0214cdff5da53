import type { CodeInterpreterCapabilities } from '@code-interpreter/core';

/** The time limit a host will apply to a run asking for `requestedMs`, in ms. */
export function timeLimitOf(
  capabilities: CodeInterpreterCapabilities,
  requestedMs: number | undefined,
): number {
  return Math.min(requestedMs ?? capabilities.defaultTimeoutMs, capabilities.maxTimeoutMs);
}
