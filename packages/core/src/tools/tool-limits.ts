import { InvalidInputError } from '../errors/invalid-input-error';
import type { SandboxToolLimits } from './sandbox-tool';

/** {@link SandboxToolLimits} with defaults applied. */
export type ResolvedToolLimits = Required<SandboxToolLimits>;

/** The defaults of `toolLimits`. */
export const defaultToolLimits: ResolvedToolLimits = {
  maxCalls: 1_000,
  maxConcurrent: 16,
  maxInputBytes: 1_048_576,
  maxOutputBytes: 4_194_304,
};

const bounds: Record<keyof ResolvedToolLimits, [number, number]> = {
  maxCalls: [1, 1_000_000],
  maxConcurrent: [1, 1_000],
  maxInputBytes: [2, 64 * 1_048_576],
  maxOutputBytes: [4, 64 * 1_048_576],
};

/** Applies defaults to `toolLimits` and checks them; throws `InvalidInputError` on misuse. */
export function resolveToolLimits(options: SandboxToolLimits | undefined): ResolvedToolLimits {
  const resolved = { ...defaultToolLimits };
  for (const key of Object.keys(bounds) as Array<keyof ResolvedToolLimits>) {
    const value = options?.[key];
    if (value === undefined) continue;
    const [min, max] = bounds[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidInputError({
        issues: [
          {
            path: `toolLimits.${key}`,
            message: `must be an integer from ${min} to ${max} (got ${value})`,
          },
        ],
      });
    }
    resolved[key] = value;
  }
  for (const key of Object.keys(options ?? {})) {
    if (!(key in bounds)) {
      throw new InvalidInputError({
        issues: [
          {
            path: `toolLimits.${key}`,
            message: `is not an option (known: ${Object.keys(bounds).join(', ')})`,
          },
        ],
      });
    }
  }
  return resolved;
}
