import { show } from './show';

/** How many allowed values a message lists before it shows only the closest ones and the count. */
export const LISTED_AT_MOST = 5;

/**
 * The allowed value closest to a misspelt one, if it is close enough to be a likely typo: at most 2 edits,
 * or a third of the value's length for longer values.
 */
export function closest(found: string, allowed: readonly string[]): string | undefined {
  const [best] = byDistance(found, allowed);
  if (best === undefined) return undefined;
  return editDistance(found.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(found.length / 3)) ? best : undefined;
}

/** ` (did you mean "x"?)` when a close allowed value exists, else the empty string. */
export function didYouMean(found: string, allowed: readonly string[]): string {
  const suggestion = closest(found, allowed);
  return suggestion === undefined ? '' : ` (did you mean ${show(suggestion)}?)`;
}

/**
 * The allowed values as a message lists them: all of them when there are a few, else the closest few and the
 * count, e.g. `granite-1, granite-2, granite-3, granite-4, granite-5 (closest 5 of 100)`.
 */
export function listAllowed(found: string, allowed: readonly string[], atMost: number = LISTED_AT_MOST): string {
  if (allowed.length <= atMost) return allowed.join(', ');
  return `${byDistance(found, allowed).slice(0, atMost).join(', ')} (closest ${atMost} of ${allowed.length})`;
}

/** Allowed values, closest first; ties keep their original order. */
function byDistance(found: string, allowed: readonly string[]): string[] {
  const key = found.toLowerCase();
  return allowed
    .map((value, index) => ({ value, index, distance: editDistance(key, value.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .map(({ value }) => value);
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
