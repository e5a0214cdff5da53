import {
  createList,
  MapCtor,
  MapPrototypeDelete,
  MapPrototypeGet,
  MapPrototypeSet,
  MathCeil,
  ReflectApply,
} from './primordials';

export { installTimers } from './install-timers';

/**
 * The timers of one sandbox, driven from outside the isolate.
 *
 * Why the embedder drives it: a V8 isolate has no event loop of its own, and its microtask queue
 * drains only when a call into the isolate returns (isolated-vm runs a microtask checkpoint at the
 * end of every call). Node drains microtasks between two timer callbacks, so to get Node's order
 * the embedder must return to the host between callbacks: call {@link TimerQueue.runNext} once per
 * call into the isolate.
 *
 * The embedder's loop (outside the isolate, each line one call into it):
 * ```ts
 * for (;;) {
 *   if (queue.runNext()) continue;       // ran one callback; its microtasks drain on return
 *   const delay = queue.nextDelay();     // -1: nothing keeps the program alive
 *   if (delay < 0) break;
 *   await sleep(delay);                  // bounded by the run's deadline
 * }
 * ```
 *
 * Ordering follows Node's event loop, phase by phase: each loop iteration takes the time once,
 * runs the timers due by then (by due time, ties in creation order), then the immediates that were
 * queued before the check phase began. Timers and immediates created during an iteration wait for
 * the next one, so `setTimeout(f, 0)` inside a timer callback runs after `setImmediate(g)` queued
 * there, as in Node. Delays are at least 1 ms (Node clamps 0, negative and NaN to 1), so a chain of
 * `setTimeout(f, 0)` advances by at least 1 ms per link; with a clock that does not move, it waits.
 */
export interface TimerQueue {
  /**
   * Runs at most one due callback (timer, interval or immediate) and returns true, or returns
   * false when nothing is runnable now. Call it once per call into the isolate, so the microtasks
   * that callback queued run (at the end of that call) before the next callback, exactly as in
   * Node and browsers. Errors thrown by the callback go to {@link onError}, never out of this call.
   */
  runNext(): boolean;
  /**
   * Runs every callback runnable in the current loop iteration (due timers, then immediates) back
   * to back, in one call. Microtasks they queue run only after it returns, so a promise reaction
   * scheduled by one callback runs after the next callback, unlike Node: use {@link runNext}
   * when order matters (it always does for user code). Kept for embedders that cannot return
   * between callbacks.
   */
  runDue(): void;
  /**
   * Milliseconds until a callback is runnable (0 when one is runnable now; rounded up, so sleeping
   * that long is never too short), or -1 when nothing keeps the program alive: no referenced
   * timer or immediate is pending (only unref'd ones such as `AbortSignal.timeout` remain, which
   * do not keep a program alive in Node either).
   */
  nextDelay(): number;
  /** Pending timers, intervals and immediates that keep the program alive (unref'd ones excluded). */
  pending(): number;
  /** Cancels every pending timer, interval and immediate (when a run ends or is killed). */
  clear(): void;
  /** Receives errors thrown by callbacks (Node would crash with an uncaught exception). Unset: ignored. */
  onError: ((error: unknown) => void) | undefined;
  /** Receives Node-style warnings (`TimeoutOverflowWarning`) for the sandbox's stderr. Unset: ignored. */
  onWarning: ((name: string, message: string) => void) | undefined;
  /**
   * Schedules `callback(...args)` after `delayMs` (used as given: callers clamp), repeating every
   * `delayMs` when `repeat`. `ref: false` makes it not keep the program alive. Returns its id.
   */
  schedule(
    callback: (...args: unknown[]) => unknown,
    delayMs: number,
    args: unknown[],
    repeat: boolean,
    ref?: boolean,
  ): number;
  /** Cancels a timer or interval by id; unknown ids (and immediates' ids) are ignored. */
  cancel(id: number): void;
  /** Queues `callback(...args)` for the check phase of the loop (Node's `setImmediate`). */
  scheduleImmediate(callback: (...args: unknown[]) => unknown, args: unknown[]): number;
  /** Cancels an immediate by id; unknown ids (and timers' ids) are ignored. */
  cancelImmediate(id: number): void;
}

interface Task {
  id: number;
  callback: (...args: unknown[]) => unknown;
  args: unknown[];
  /** When a timer is due (host ms); unused for immediates. */
  due: number;
  /** Creation order: ties between equal due times go to the older timer. */
  order: number;
  /** Repeat period for intervals, -1 otherwise. */
  interval: number;
  ref: boolean;
  active: boolean;
}

type Phase = 'idle' | 'timers' | 'check';

function earlier(a: Task, b: Task): boolean {
  return a.due < b.due || (a.due === b.due && a.order < b.order);
}

/**
 * Makes the host-driven timer queue of one sandbox (see {@link TimerQueue} for the contract).
 * It installs nothing: `installTimers(globalThis, queue)` defines `setTimeout` and friends.
 * `host.now` is the host's monotonic clock in ms.
 *
 * @example
 * const queue = createTimerQueue({ now: hostNow });
 * installTimers(globalThis, queue);
 * queue.onError = (error) => reportUncaught(error);
 */
export function createTimerQueue(host: { now: () => number }): TimerQueue {
  const now = host.now;
  let timers = new MapCtor<number, Task>();
  let immediates = new MapCtor<number, Task>();
  /** Min-heap of timers by (due, order); cancelled entries are dropped lazily. */
  let heap: Task[] = createList();
  /** Immediates in queue order, from `immediateHead` on. */
  let immediateQueue: Task[] = createList();
  let immediateHead = 0;
  let nextId = 1;
  let nextOrder = 0;
  let referenced = 0;
  let phase: Phase = 'idle';
  let phaseNow = 0;
  /** Immediates queued before this index in `immediateQueue` run in the current check phase. */
  let checkEnd = 0;
  /** The interval whose callback is running (not in the heap meanwhile). */
  let runningInterval: Task | undefined;

  function push(task: Task): void {
    let index = heap.length;
    heap[index] = task;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTask = heap[parent] as Task;
      if (!earlier(task, parentTask)) break;
      heap[index] = parentTask;
      index = parent;
    }
    heap[index] = task;
  }

  function pop(): void {
    const last = heap[heap.length - 1] as Task;
    heap.length--;
    if (heap.length === 0) return;
    let index = 0;
    const length = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child =
        right < length && earlier(heap[right] as Task, heap[left] as Task) ? right : left;
      if (!earlier(heap[child] as Task, last)) break;
      heap[index] = heap[child] as Task;
      index = child;
    }
    heap[index] = last;
  }

  /** The earliest active timer, dropping cancelled ones from the top. */
  function peek(): Task | undefined {
    while (heap.length > 0) {
      const top = heap[0] as Task;
      if (top.active) return top;
      pop();
    }
    return undefined;
  }

  function retire(task: Task): void {
    if (!task.active) return;
    task.active = false;
    if (task.ref) referenced--;
  }

  function report(error: unknown): void {
    const onError = queue.onError;
    if (onError === undefined) return;
    try {
      onError(error);
    } catch {
      // A failing error hook must not break the loop.
    }
  }

  function runTimer(task: Task): void {
    const repeat = task.interval >= 0;
    if (!repeat) {
      retire(task);
      MapPrototypeDelete(timers, task.id);
    }
    if (repeat) runningInterval = task;
    try {
      ReflectApply(task.callback, undefined, task.args);
    } catch (error) {
      report(error);
    } finally {
      runningInterval = undefined;
    }
    // Re-arm an interval unless its callback (or an error hook) cancelled it.
    if (repeat && task.active) {
      task.due = phaseNow + task.interval;
      task.order = nextOrder++;
      push(task);
    }
  }

  function runImmediate(task: Task): void {
    retire(task);
    MapPrototypeDelete(immediates, task.id);
    try {
      ReflectApply(task.callback, undefined, task.args);
    } catch (error) {
      report(error);
    }
  }

  /** Runs the next callback of the current iteration; false when the iteration is over. */
  function step(): boolean {
    if (phase === 'timers') {
      const top = peek();
      if (top !== undefined && top.due <= phaseNow) {
        pop();
        runTimer(top);
        return true;
      }
      phase = 'check';
      checkEnd = immediateQueue.length;
    }
    if (phase === 'check') {
      while (immediateHead < checkEnd) {
        const task = immediateQueue[immediateHead] as Task;
        immediateQueue[immediateHead] = undefined as unknown as Task;
        immediateHead++;
        if (!task.active) continue;
        runImmediate(task);
        return true;
      }
      // Compact the consumed part of the immediate queue.
      const rest = createList<Task>();
      for (let i = immediateHead; i < immediateQueue.length; i++)
        rest[rest.length] = immediateQueue[i] as Task;
      immediateQueue = rest;
      immediateHead = 0;
      checkEnd = 0;
      phase = 'idle';
    }
    return false;
  }

  function startIteration(): void {
    phase = 'timers';
    phaseNow = now();
  }

  function hasRunnableImmediate(): boolean {
    for (let i = immediateHead; i < immediateQueue.length; i++) {
      if ((immediateQueue[i] as Task).active) return true;
    }
    return false;
  }

  function hasRunnableWork(): boolean {
    if (hasRunnableImmediate()) return true;
    const top = peek();
    return top !== undefined && top.due <= now();
  }

  const queue: TimerQueue = {
    onError: undefined,
    onWarning: undefined,

    runNext() {
      if (phase !== 'idle' && step()) return true;
      // The current iteration is over (or none was running): start one if anything can run.
      if (!hasRunnableWork()) return false;
      startIteration();
      return step();
    },

    runDue() {
      if (phase === 'idle') {
        if (!hasRunnableWork()) return;
        startIteration();
      }
      while (step()) {
        // each step runs one callback of this iteration
      }
    },

    nextDelay() {
      if (referenced === 0) return -1;
      if (hasRunnableImmediate()) return 0;
      const top = peek();
      if (top === undefined) return -1;
      const wait = top.due - now();
      return wait <= 0 ? 0 : MathCeil(wait);
    },

    pending() {
      return referenced;
    },

    clear() {
      if (runningInterval !== undefined) retire(runningInterval);
      for (let i = 0; i < heap.length; i++) retire(heap[i] as Task);
      for (let i = immediateHead; i < immediateQueue.length; i++) retire(immediateQueue[i] as Task);
      heap = createList();
      immediateQueue = createList();
      immediateHead = 0;
      checkEnd = 0;
      phase = 'idle';
      timers = new MapCtor();
      immediates = new MapCtor();
      referenced = 0;
    },

    schedule(callback, delayMs, args, repeat, ref = true) {
      const id = nextId++;
      const task: Task = {
        id,
        callback,
        args,
        due: now() + delayMs,
        order: nextOrder++,
        interval: repeat ? delayMs : -1,
        ref,
        active: true,
      };
      if (ref) referenced++;
      MapPrototypeSet(timers, id, task);
      push(task);
      return id;
    },

    cancel(id) {
      const task = MapPrototypeGet(timers, id);
      if (task === undefined) return;
      MapPrototypeDelete(timers, id);
      retire(task);
    },

    scheduleImmediate(callback, args) {
      const id = nextId++;
      const task: Task = {
        id,
        callback,
        args,
        due: 0,
        order: nextOrder++,
        interval: -1,
        ref: true,
        active: true,
      };
      referenced++;
      MapPrototypeSet(immediates, id, task);
      immediateQueue[immediateQueue.length] = task;
      return id;
    },

    cancelImmediate(id) {
      const task = MapPrototypeGet(immediates, id);
      if (task === undefined) return;
      MapPrototypeDelete(immediates, id);
      retire(task);
    },
  };

  return queue;
}
