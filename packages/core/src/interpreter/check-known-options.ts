import { InvalidInputError } from '../errors/invalid-input-error';

/** Edits (insert, delete, replace one character) between two short strings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known name closest to `name`, if one is close enough to be what was meant. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const edits = distance(name, candidate);
    if (edits < bestDistance) {
      best = candidate;
      bestDistance = edits;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Refuses keys of `options` that are not in `known`, naming the closest known option: a misspelt
 * option (`netwrok`, `maxTimeout`) would otherwise be accepted and do nothing. `path` prefixes the
 * issue's path for nested option objects.
 */
export function checkKnownOptions(
  options: object | undefined,
  known: Readonly<Record<string, true>>,
  path = '',
): void {
  if (options === undefined || options === null) return;
  const names = Object.keys(known);
  const issues = Object.keys(options)
    .filter((key) => !Object.hasOwn(known, key))
    .map((key) => {
      const suggestion = closestName(key, names);
      return {
        path: `${path}${key}`,
        message: `unknown option${suggestion ? `; did you mean '${path}${suggestion}'?` : `; the options are ${names.join(', ')}`}`,
      };
    });
  if (issues.length > 0) throw new InvalidInputError({ issues });
}
