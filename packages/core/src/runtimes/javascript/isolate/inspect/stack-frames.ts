/**
 * Node's stack-frame bookkeeping for errors: frames shared with the `cause` and runs of frames
 * repeated by recursion, both collapsed into one summary line by `formatError`.
 */
import {
  ArrayPrototypeIncludes,
  ArrayPrototypeIndexOf,
  ArrayPrototypePop,
  ArrayPrototypePush,
  ArrayPrototypeSplice,
  MapCtor,
  MapPrototypeGet,
  MapPrototypeGetSize,
  MapPrototypeSet,
  MathMin,
} from './primordials';

/** The first run of more than three frames of `a` that also appears in `b`: [length, offset]. */
export function identicalSequenceRange(a: string[], b: string[]): [number, number] {
  for (let i = 0; i < a.length - 3; i++) {
    // Find the first entry of b that matches the current entry of a.
    const pos = ArrayPrototypeIndexOf(b, a[i] as string);
    if (pos !== -1) {
      const rest = b.length - pos;
      if (rest > 3) {
        let len = 1;
        const maxLen = MathMin(a.length - i, rest);
        while (maxLen > len && a[i + len] === b[pos + len]) len++;
        if (len > 3) return [len, i];
      }
    }
  }
  return [0, 0];
}

export function getDuplicateErrorFrameRanges(frames: string[]): number[] {
  const result: number[] = [];
  const lineToPositions = new MapCtor<string, number[]>();
  for (let i = 0; i < frames.length; i++) {
    const positions = MapPrototypeGet(lineToPositions, frames[i] as string);
    if (positions === undefined) MapPrototypeSet(lineToPositions, frames[i] as string, [i]);
    else positions[positions.length] = i;
  }
  const minimumDuplicateRange = 3;
  if (frames.length - MapPrototypeGetSize(lineToPositions) <= minimumDuplicateRange) return result;

  for (let i = 0; i < frames.length - minimumDuplicateRange; i++) {
    const positions = MapPrototypeGet(lineToPositions, frames[i] as string) as number[];
    if (positions.length === 1 || positions[positions.length - 1] === i) continue;
    const current = ArrayPrototypeIndexOf(positions, i) + 1;
    if (current === positions.length) continue;

    let range = (positions[positions.length - 1] as number) - i;
    if (range < minimumDuplicateRange) continue;
    // Node keeps these in a Set and then spreads it: insertion order, no duplicates.
    let extraSteps: number[] | undefined;
    if (current + 1 < positions.length) {
      let gcdRange = 0;
      for (let j = current; j < positions.length; j++) {
        let distance = (positions[j] as number) - i;
        while (distance !== 0) {
          const remainder = gcdRange % distance;
          if (gcdRange !== 0) {
            extraSteps ??= [];
            if (!ArrayPrototypeIncludes(extraSteps, gcdRange))
              ArrayPrototypePush(extraSteps, gcdRange);
          }
          gcdRange = distance;
          distance = remainder;
        }
        if (gcdRange === 1) break;
      }
      range = gcdRange;
      if (extraSteps) {
        const index = ArrayPrototypeIndexOf(extraSteps, range);
        if (index !== -1) ArrayPrototypeSplice(extraSteps, index, 1);
      }
    }
    let maxRange = range;
    let maxDuplicates = 0;
    let duplicateRanges = 0;

    for (let nextStart = i + range; ; nextStart += range) {
      let equalFrames = 0;
      for (let j = 0; j < range; j++) {
        if (frames[i + j] !== frames[nextStart + j]) break;
        equalFrames++;
      }
      if (equalFrames !== range) {
        if (!extraSteps?.length) break;
        if (duplicateRanges !== 0 && maxRange * maxDuplicates < range * duplicateRanges) {
          maxRange = range;
          maxDuplicates = duplicateRanges;
        }
        range = ArrayPrototypePop(extraSteps) as number;
        nextStart = i;
        duplicateRanges = 0;
        continue;
      }
      duplicateRanges++;
    }
    if (maxDuplicates !== 0 && maxRange * maxDuplicates >= range * duplicateRanges) {
      range = maxRange;
      duplicateRanges = maxDuplicates;
    }
    if (duplicateRanges * range >= 3) {
      ArrayPrototypePush(result, i + range, range, duplicateRanges);
      i += range * (duplicateRanges + 1) - 1;
    }
  }
  return result;
}
