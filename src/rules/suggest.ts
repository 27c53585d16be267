/**
 * Returns the edit distance between two strings: insertions, deletions,
 * substitutions and swaps of two adjacent characters each cost 1 (the
 * optimal string alignment distance).
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;

  // Three rows suffice: the swap step looks two rows back.
  let beforePrevious: number[] = new Array<number>(b.length + 1).fill(0);
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current: number[] = new Array<number>(b.length + 1).fill(0);

  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2] + 1);
      }
      current[j] = value;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length];
}

export interface ClosestMatchOptions {
  /**
   * The largest distance still taken as a match. Default: a third of the
   * longer name's length, rounded down, and at least 1.
   */
  maxDistance?: number;
}

/**
 * Returns the candidate closest to `name` by edit distance, compared without
 * case, or null when none is within `maxDistance`. A candidate that equals
 * `name` apart from case wins at once; among equally close candidates the
 * first one given wins.
 */
export function closestMatch(
  name: string,
  candidates: Iterable<string>,
  options: ClosestMatchOptions = {},
): string | null {
  const wanted = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;

  for (const candidate of candidates) {
    if (candidate === name) continue;
    const lowered = candidate.toLowerCase();
    if (lowered === wanted) return candidate;

    const limit =
      options.maxDistance ?? Math.max(1, Math.floor(Math.max(wanted.length, lowered.length) / 3));
    // The distance is at least the difference in length, so skip the work when that is too much.
    if (Math.abs(lowered.length - wanted.length) > limit) continue;

    const distance = editDistance(wanted, lowered);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Formats a suggestion as the end of a message: "; did you mean `x`?", or an empty string. */
export function didYouMean(match: string | null): string {
  return match === null ? "" : `; did you mean \`${match}\`?`;
}
