// TEMPORARY: stand-ins until the Node-faithful inspect and the shared sandbox globals land.
export function inspect(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return `[Function: ${value.name}]`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
export function formatWithOptions(_options: unknown, ...args: unknown[]): string {
  return args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' ');
}
export function installWebGlobals(_target: unknown, _host: unknown): void {}
interface Timer {
  id: number;
  due: number;
  seq: number;
  fn: () => void;
  interval?: number;
}
export function createTimerQueue({ now }: { now: () => number }) {
  const timers = new Map<number, Timer>();
  let nextId = 1;
  const next = () => {
    let best: Timer | undefined;
    for (const t of timers.values())
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    return best;
  };
  const queue = {
    onError: undefined as ((e: unknown) => void) | undefined,
    add(fn: () => void, ms: number, interval: boolean) {
      const id = nextId++;
      timers.set(id, {
        id,
        due: now() + Math.max(1, ms || 0),
        seq: id,
        fn,
        ...(interval ? { interval: Math.max(1, ms || 0) } : {}),
      });
      return id;
    },
    remove(id: number) {
      timers.delete(id);
    },
    runNext() {
      const t = next();
      if (!t || t.due > now()) return false;
      if (t.interval) t.due = now() + t.interval;
      else timers.delete(t.id);
      try {
        t.fn();
      } catch (e) {
        queue.onError?.(e);
      }
      return true;
    },
    nextDelay() {
      const t = next();
      return t ? Math.max(0, t.due - now()) : -1;
    },
    pending() {
      return timers.size;
    },
    clear() {
      timers.clear();
    },
  };
  return queue;
}
export function installTimers(
  target: Record<string, unknown>,
  queue: ReturnType<typeof createTimerQueue>,
) {
  target.setTimeout = (fn: (...a: unknown[]) => void, ms: number, ...args: unknown[]) =>
    queue.add(() => fn(...args), ms, false);
  target.setInterval = (fn: (...a: unknown[]) => void, ms: number, ...args: unknown[]) =>
    queue.add(() => fn(...args), ms, true);
  target.clearTimeout = target.clearInterval = (id: number) => queue.remove(id);
  target.queueMicrotask = (fn: () => void) => {
    Promise.resolve().then(fn);
  };
}
