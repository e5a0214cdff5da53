import type { MemoryRange } from './restore-sparse-image';

/** Pages of zeros in a row, below the base, after which the rest of the stack is taken as unused. */
export const untouchedStackGuardPages = 16;

const pageBytes = 4096;

/** The stack's bounds, as Emscripten's exports give them. */
export interface StackBounds {
  /** Lowest address of the stack (`emscripten_stack_get_end`): it grows down towards it. */
  end: number;
  /** Highest address of the stack (`emscripten_stack_get_base`), where it starts. */
  base: number;
}

/**
 * The part of a fresh instance's stack its start-up never reached: `[end, top)`, where `top` is
 * the upper end of the first {@link untouchedStackGuardPages} zero pages in a row found walking
 * down from the base (the stack grows down, and a start-up's few calls stay near its base).
 * `undefined` when the bounds are not usable or no such run exists.
 *
 * Pyodide's stack is 10 MB, all zero in the memory image except near its base. Clearing it
 * before writing the image (the image must replace whatever the start-up wrote) touched all of
 * it: 10 MB more memory in every sandbox. Memory below a zero run that long is unused stack of a
 * process that ran only Pyodide's own start-up: were a deep call to have written below it, what
 * is left there is dead stack of that start-up (no program's, no other sandbox's), below any
 * frame the restored interpreter has.
 */
export function untouchedStack(heap: Uint8Array, bounds: StackBounds): MemoryRange | undefined {
  const { end, base } = bounds;
  if (!Number.isInteger(end) || !Number.isInteger(base)) return undefined;
  if (end < 0 || base > heap.length || end >= base || heap.byteOffset % 8 !== 0) return undefined;
  let runTop = Math.floor(base / pageBytes) * pageBytes;
  let zeroPages = 0;
  for (let page = runTop - pageBytes; page >= end; page -= pageBytes) {
    if (!isZeroPage(heap, page)) {
      runTop = page;
      zeroPages = 0;
      continue;
    }
    if (++zeroPages === untouchedStackGuardPages) return [end, runTop];
  }
  return undefined;
}

/**
 * Whether the 4 KB at `offset` are all zero, in two native calls over 512 doubles: the largest
 * and the smallest are both +0 only when every double is +0 (any other bit pattern is a NaN,
 * which makes both NaN, a non-zero number, or -0).
 */
function isZeroPage(heap: Uint8Array, offset: number): boolean {
  const doubles = new Float64Array(heap.buffer, heap.byteOffset + offset, pageBytes / 8);
  const largest = Math.max.apply(null, doubles as unknown as number[]);
  const smallest = Math.min.apply(null, doubles as unknown as number[]);
  return largest === 0 && smallest === 0 && !Object.is(smallest, -0);
}
