/** How a call into an isolate ended when it did not return: the limit hit, or the program's own error. */
export type IsolateFailure = 'timeout' | 'memory' | 'crashed' | 'rejection';

/**
 * Reads what isolated-vm threw out of a call into an isolate. Its own errors say the isolate hit
 * its memory limit, ran past the call's timeout, or was disposed; anything else is a promise
 * rejection nobody handled inside the isolate, which isolated-vm throws out of the call that left
 * it unhandled (like Node, that ends the program with that error).
 */
export function classifyIsolateFailure(error: unknown): IsolateFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (/^Isolate was disposed during execution due to memory limit/.test(message)) return 'memory';
  if (/^Script execution timed out/.test(message)) return 'timeout';
  if (/^Isolate (is|was) disposed/.test(message)) return 'crashed';
  return 'rejection';
}
