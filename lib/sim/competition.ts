/**
 * Competition among wholesalers for a broker's flow: the broker's scorecard
 * gives each wholesaler a share of its orders that rises with the price
 * improvement it delivers, and each wholesaler chooses its margin knowing
 * that. The result is each wholesaler's margin (what it keeps of the
 * half-spread) and share of the broker's flow.
 *
 * Model, in words: a wholesaler `w` that improves by `PI_w` half-spreads gets
 * the share `s_w = exp(β PI_w) / Σ exp(β PI_v)` of the broker's orders (a
 * logit scorecard; `β` is how hard the broker's scorecard moves flow toward
 * better execution, per half-spread). Its improvement is what is left of the
 * half-spread after adverse selection, the payment to the broker, its cost
 * `c_w` and its margin `m_w`; everything but cost and margin is the same for
 * every wholesaler of the broker, so only `c_w + m_w` sets the shares. Each
 * wholesaler maximises `s_w m_w`, whose first-order condition under the logit
 * is `m_w = 1 / (β (1 - s_w))` (the Nash equilibrium of price competition
 * with logit demand). With `n` equal wholesalers the margin is
 * `n / (β (n - 1))`: more wholesalers or a more demanding scorecard leave
 * the customer more of the spread. A broker with one wholesaler leaves it
 * the whole surplus (margin 1: no improvement).
 *
 * Payment for order flow does not enter the margin here: it is the same for
 * every wholesaler of a broker, so it lowers every wholesaler's improvement
 * one for one (and a cap or a ban raises it one for one).
 *
 * @module
 */

/** A wholesaler market's equilibrium. */
export interface ScorecardEquilibrium {
  /** Each wholesaler's margin, half-spreads (at most 1). */
  margin: Float64Array;
  /** Each wholesaler's share of the broker's flow (sums to 1). */
  share: Float64Array;
  /** Concentration of the shares, 0-10,000 (Herfindahl-Hirschman index of percentages). */
  hhi: number;
}

/**
 * The equilibrium margins and shares of wholesalers with costs
 * `costHalfSpreads` competing for a broker whose scorecard sensitivity is
 * `sensitivity` (per half-spread of improvement).
 *
 * Solved by nested bisection, which always converges: write the logit shares
 * as `s_w = exp(-β (c_w + m_w)) / D`. For a given `D`, the first-order
 * condition `m_w = min(1, 1 / (β (1 - s_w)))` leaves one equation in `s_w`,
 * `s_w = exp(-β c_w - β m_w(s_w)) / D`, whose two sides cross exactly once in
 * (0, 1) (the left rises, the right falls); and every `s_w(D)` falls as `D`
 * rises, so the `D` at which the shares sum to one is found by bisection on
 * `log D`.
 *
 * @example
 * ```ts
 * import { scorecardEquilibrium } from "./competition.ts";
 * // Four equal wholesalers, sensitivity 12: margin n / (β (n - 1)) = 4 / 36.
 * const eq = scorecardEquilibrium([0.02, 0.02, 0.02, 0.02], 12);
 * if (Math.abs(eq.margin[0] - 4 / 36) > 1e-9 || Math.abs(eq.hhi - 2500) > 1e-6) throw new Error();
 * // A cheaper wholesaler wins a larger share and keeps a larger margin.
 * const uneven = scorecardEquilibrium([0.01, 0.03], 12);
 * if (!(uneven.share[0] > uneven.share[1] && uneven.margin[0] > uneven.margin[1])) throw new Error();
 * ```
 */
export function scorecardEquilibrium(
  costHalfSpreads: ArrayLike<number>,
  sensitivity: number,
): ScorecardEquilibrium {
  const n = costHalfSpreads.length;
  if (n === 0) throw new RangeError("wholesalers: expected at least one");
  if (!(sensitivity > 0) || !Number.isFinite(sensitivity)) {
    throw new RangeError(`scorecardSensitivity: expected a positive number, got ${sensitivity}`);
  }
  for (let w = 0; w < n; w++) {
    if (!Number.isFinite(costHalfSpreads[w])) {
      throw new RangeError(`costHalfSpreads[${w}]: expected a number, got ${costHalfSpreads[w]}`);
    }
  }
  const margin = new Float64Array(n);
  const share = new Float64Array(n);
  if (n === 1) {
    margin[0] = 1;
    share[0] = 1;
    return { margin, share, hhi: 10_000 };
  }
  const beta = sensitivity;
  const marginAt = (s: number) => Math.min(1, 1 / (beta * (1 - s)));
  // Costs relative to the cheapest, so exponents stay in range.
  let cheapest = Infinity;
  for (let w = 0; w < n; w++) cheapest = Math.min(cheapest, costHalfSpreads[w]);
  // s_w(D): the root in (0, 1) of s - exp(-beta c_w - beta m(s) - log D).
  const shareAt = (w: number, logD: number) => {
    const c = costHalfSpreads[w] - cheapest;
    let lo = 0, hi = 1;
    for (let it = 0; it < 80; it++) {
      const s = 0.5 * (lo + hi);
      const rhs = Math.exp(-beta * (c + marginAt(s)) - logD);
      if (s < rhs) lo = s;
      else hi = s;
    }
    return 0.5 * (lo + hi);
  };
  const total = (logD: number) => {
    let t = 0;
    for (let w = 0; w < n; w++) t += shareAt(w, logD);
    return t;
  };
  // The cheapest wholesaler's exponent is at most 0 and at least -beta (its margin is at most 1),
  // so the root lies between log(1/n) - beta - (largest relative cost) x beta and log(n).
  let spread = 0;
  for (let w = 0; w < n; w++) spread = Math.max(spread, costHalfSpreads[w] - cheapest);
  let lo = -beta * (1 + spread) - Math.log(n) - 1, hi = Math.log(n) + 1;
  for (let it = 0; it < 100; it++) {
    const mid = 0.5 * (lo + hi);
    if (total(mid) > 1) lo = mid;
    else hi = mid;
  }
  const logD = 0.5 * (lo + hi);
  let sum = 0;
  for (let w = 0; w < n; w++) {
    share[w] = shareAt(w, logD);
    sum += share[w];
  }
  let hhi = 0;
  for (let w = 0; w < n; w++) {
    share[w] /= sum;
    margin[w] = marginAt(share[w]);
    hhi += (100 * share[w]) ** 2;
  }
  return { margin, share, hhi };
}
