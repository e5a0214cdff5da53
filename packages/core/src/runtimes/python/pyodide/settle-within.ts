/**
 * Waits for `promise`, but at most `ms` milliseconds: then calls `onExpire` and resolves with
 * `expired`. A call into an isolate carries a timeout for the code it runs, but a call that is
 * never scheduled (an isolated-vm deadlock under load, a disposed isolate that never answers)
 * would otherwise keep its caller waiting forever; with this, the caller always gets an answer.
 */
export async function settleWithin<T, E>(
  promise: Promise<T>,
  ms: number,
  expired: E,
  onExpire?: () => void,
): Promise<T | E> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<E>((resolve) => {
    timer = setTimeout(() => {
      onExpire?.();
      resolve(expired);
    }, ms);
  });
  try {
    return await Promise.race([promise, expiry]);
  } finally {
    clearTimeout(timer);
  }
}
