// Private helpers: walking a limit order book of equal levels beyond a free size.

/**
 * Extra cost, in ticks times shares, of taking `shares` when `free` shares
 * are available at the touch and every further level (one tick worse each)
 * holds `levelDepth` shares, taking at most `maxLevels` levels beyond the
 * touch. Returns the extra ticks·shares; `filledOut[0]` receives the shares
 * filled.
 */
export function walkBook(
  shares: number,
  free: number,
  levelDepth: number,
  maxLevels: number,
  filledOut: Float64Array,
): number {
  free = Math.floor(free); // whole shares at the touch
  if (shares <= free) {
    filledOut[0] = shares;
    return 0;
  }
  let rest = shares - free;
  const fullLevels = Math.floor(rest / levelDepth);
  if (fullLevels >= maxLevels) {
    filledOut[0] = free + maxLevels * levelDepth;
    return levelDepth * maxLevels * (maxLevels + 1) / 2;
  }
  rest -= fullLevels * levelDepth;
  filledOut[0] = shares;
  return levelDepth * fullLevels * (fullLevels + 1) / 2 + rest * (fullLevels + 1);
}
