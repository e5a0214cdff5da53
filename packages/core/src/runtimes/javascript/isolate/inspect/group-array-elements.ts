/** Node's column layout for arrays with more than six entries (numbers right-aligned). */
import type { InspectContext } from './inspect-options';
import {
  ArrayPrototypePush,
  type Loose,
  MathFloor,
  MathMax,
  MathMin,
  MathRound,
  MathSqrt,
  StringPrototypePadEnd,
  StringPrototypePadStart,
} from './primordials';
import { getStringWidth } from './string-width';

export function groupArrayElements(ctx: InspectContext, output: string[], value: Loose): string[] {
  let totalLength = 0;
  let maxLength = 0;
  let i = 0;
  let outputLength = output.length;
  if (ctx.maxArrayLength < output.length) {
    // This makes sure the "... n more items" part is not taken into account.
    outputLength--;
  }
  const separatorSpace = 2; // Add 1 for the space and 1 for the separator.
  const dataLen: number[] = [];
  // Total and maximum display width of the entries (colors removed first).
  for (; i < outputLength; i++) {
    const len = getStringWidth(output[i] as string, ctx.colors);
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  // At least three entries must fit next to each other, and no entry may dwarf the others.
  if (
    actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
    (totalLength / actualMax > 5 || maxLength <= 6)
  ) {
    const approxCharHeights = 2.5;
    const averageBias = MathSqrt(actualMax - totalLength / output.length);
    const biasedMax = MathMax(actualMax - 3 - averageBias, 1);
    const columns = MathMin(
      // Ideally a square: characters are about 2.5 times as high as wide.
      MathRound(MathSqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
      // Do not exceed the breakLength.
      MathFloor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      // Limit array grouping for small `compact` modes as the user requested minimal grouping.
      (ctx.compact as number) * 4,
      // Limit the columns to a maximum of fifteen.
      15,
    );
    if (columns <= 1) return output;
    const tmp: string[] = [];
    const maxLineLength: number[] = [];
    for (let column = 0; column < columns; column++) {
      let lineMaxLength = 0;
      for (let j = column; j < output.length; j += columns) {
        if ((dataLen[j] as number) > lineMaxLength) lineMaxLength = dataLen[j] as number;
      }
      maxLineLength[column] = lineMaxLength + separatorSpace;
    }
    let order = StringPrototypePadStart;
    if (value !== undefined) {
      for (let k = 0; k < output.length; k++) {
        if (typeof value[k] !== 'number' && typeof value[k] !== 'bigint') {
          order = StringPrototypePadEnd;
          break;
        }
      }
    }
    // Each iteration creates a single line of grouped entries.
    for (let start = 0; start < outputLength; start += columns) {
      // The last lines may contain less entries than columns.
      const max = MathMin(start + columns, outputLength);
      let str = '';
      let j = start;
      for (; j < max - 1; j++) {
        // Extra padding for invisible color codes, computed per entry.
        const padding =
          (maxLineLength[j - start] as number) +
          (output[j] as string).length -
          (dataLen[j] as number);
        str += order(`${output[j]}, `, padding, ' ');
      }
      if (order === StringPrototypePadStart) {
        const padding =
          (maxLineLength[j - start] as number) +
          (output[j] as string).length -
          (dataLen[j] as number) -
          separatorSpace;
        str += StringPrototypePadStart(output[j] as string, padding, ' ');
      } else {
        str += output[j];
      }
      ArrayPrototypePush(tmp, str);
    }
    if (ctx.maxArrayLength < output.length) {
      ArrayPrototypePush(tmp, output[outputLength] as string);
    }
    return tmp;
  }
  return output;
}
