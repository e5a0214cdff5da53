/**
 * Joins formatted entries into the final text: on one line when they fit `breakLength` (and the
 * object is within `compact` levels of the innermost one), else one entry a line.
 */
import { groupArrayElements } from './group-array-elements';
import { type InspectContext, kArrayExtrasType } from './inspect-options';
import { type Loose, StringPrototypeIncludes, StringPrototypeRepeat } from './primordials';
import { join } from './string-utils';
import { removeColors } from './string-width';

function isBelowBreakLength(
  ctx: InspectContext,
  output: string[],
  start: number,
  base: string,
): boolean {
  // Allow one line when the limit is infinite and no entry has a newline.
  if (ctx.breakLength === Number.POSITIVE_INFINITY) {
    if (base !== '' && StringPrototypeIncludes(base, '\n')) return false;
    for (let i = 0; i < output.length; i++) {
      if (typeof output[i] === 'string' && StringPrototypeIncludes(output[i] as string, '\n')) {
        return false;
      }
    }
    return true;
  }
  // Each entry is separated by at least a comma, so start with `output.length`.
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (let i = 0; i < output.length; i++) {
    if (ctx.colors) totalLength += removeColors(output[i] as string).length;
    else totalLength += (output[i] as string).length;
    if (totalLength > ctx.breakLength) return false;
  }
  // Do not line up properties on the same line if `base` contains line breaks.
  return base === '' || !StringPrototypeIncludes(base, '\n');
}

export function reduceToSingleString(
  ctx: InspectContext,
  input: string[],
  base: string,
  braces: string[],
  extrasType: number,
  recurseTimes: number,
  value?: Loose,
): string {
  let output = input;
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      // Memorize the original output length: grouped output is never put on one line.
      const entries = output.length;
      if (extrasType === kArrayExtrasType && entries > 6) {
        output = groupArrayElements(ctx, output, value);
      }
      // `ctx.currentDepth` is the innermost depth reached; join entries of objects at most
      // `ctx.compact` levels above it, as long as they fit `breakLength`.
      if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
        // 10 is a constant start that accounts for other factors reducing `breakLength`.
        const start =
          output.length + ctx.indentationLvl + (braces[0] as string).length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joinedOutput = join(output, ', ');
          if (!StringPrototypeIncludes(joinedOutput, '\n')) {
            return `${base ? `${base} ` : ''}${braces[0]} ${joinedOutput} ${braces[1]}`;
          }
        }
      }
    }
    const indentation = `\n${StringPrototypeRepeat(' ', ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${join(output, `,${indentation}  `)}${indentation}${braces[1]}`;
  }
  // Old-style compact: one line when everything fits `breakLength`.
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${join(output, ', ')} ${braces[1]}`;
  }
  const indentation = StringPrototypeRepeat(' ', ctx.indentationLvl);
  // A long opening brace like "Set {" forces the first entry onto the next line.
  const ln =
    base === '' && (braces[0] as string).length === 1
      ? ' '
      : `${base ? ` ${base}` : ''}\n${indentation}  `;
  return `${braces[0]}${ln}${join(output, `,\n${indentation}  `)} ${braces[1]}`;
}
