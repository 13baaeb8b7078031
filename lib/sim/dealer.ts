/**
 * The liquidity provider's side of a retail order: what it expects to lose
 * to adverse selection, what it must pay the broker, how much price
 * improvement its surplus allows, and what bidders in an order-by-order
 * auction offer.
 *
 * In words: on a marketable retail order a wholesaler earns the half-spread
 * against the midpoint, expects to lose part of it to the information in the
 * broker's flow (the midpoint drifts the order's way), pays its costs and the
 * broker's payment, keeps the margin that competition for the broker's flow
 * leaves it, and gives the rest to the customer as price improvement. In an auction each bidder values the order at the half-spread
 * less adverse selection and its cost, plus private noise; the winner pays
 * the second-best valuation (revenue-equivalent to a sealed first-price
 * auction with bid shading), and never worse than the NBBO.
 *
 * @module
 */
import type { FlowParams } from "./flow.ts";
import { inverseNormalCdf } from "./random.ts";

/**
 * Horizon over which a liquidity provider prices adverse selection, seconds:
 * five minutes, the horizon of Rule 605's realized spread, so the adverse
 * selection a wholesaler expects is what a 605 report shows as price impact.
 */
export const ADVERSE_HORIZON_SECONDS = 300;

/**
 * Expected adverse selection of a marketable order from a clientele, in
 * half-spreads at arrival: the informed share times the tier's mean move,
 * reached by the horizon. A wholesaler cannot tell one order from another,
 * only whose flow it is, so this is what it prices for every order of that
 * broker (segmentation); a lit quote is set for the whole market's mix.
 *
 * @example
 * ```ts
 * import { adverseHalfSpreads } from "./dealer.ts";
 * const flow = { informedShare: 0.2, informedHorizonSeconds: 60 };
 * const a = adverseHalfSpreads(flow, 0.5, 300);
 * if (Math.abs(a - 0.2 * 0.5 * (1 - Math.exp(-5))) > 1e-15) throw new Error();
 * ```
 */
export function adverseHalfSpreads(
  flow: Pick<FlowParams, "informedShare" | "informedHorizonSeconds">,
  impactHalfSpreads: number,
  horizonSeconds = ADVERSE_HORIZON_SECONDS,
): number {
  return flow.informedShare * impactHalfSpreads *
    (1 - Math.exp(-horizonSeconds / flow.informedHorizonSeconds));
}

/**
 * The mean price improvement a wholesaler gives, $ per share: what is left
 * of the half-spread after the adverse selection it expects, its cost, the
 * payment to the broker and its margin (`marginHalfSpreads` of the
 * half-spread, set by competition for the broker's flow: see
 * `competitiveMargins`), never below zero nor beyond the midpoint.
 *
 * @example
 * ```ts
 * import { surplusImprovement } from "./dealer.ts";
 * // Half-spread 1¢, adverse 0.1¢, cost 0.04¢, payment 0.2¢, margin 0.3 half-spreads.
 * const pi = surplusImprovement(0.01, 0.001, 0.0004, 0.002, 0.3);
 * if (Math.abs(pi - (0.01 - 0.001 - 0.0004 - 0.002 - 0.003)) > 1e-15) throw new Error(String(pi));
 * ```
 */
export function surplusImprovement(
  half: number,
  adverse: number,
  cost: number,
  payment: number,
  marginHalfSpreads: number,
): number {
  const pi = half * (1 - marginHalfSpreads) - adverse - cost - payment;
  if (pi <= 0) return 0;
  return pi > half ? half : pi;
}

const secondHighestCache = new Map<number, number>();

/**
 * The expected second-highest of `n` independent standard normals (for
 * n = 1, the reserve: minus infinity, returned as NaN). Computed once per `n`
 * by numerical integration of the order statistic's density.
 *
 * @example
 * ```ts
 * import { expectedSecondHighest } from "./dealer.ts";
 * // Known values: n = 2 gives -1/sqrt(pi); n = 3 gives 0.
 * if (Math.abs(expectedSecondHighest(2) + 1 / Math.sqrt(Math.PI)) > 1e-6) throw new Error();
 * if (Math.abs(expectedSecondHighest(3)) > 1e-6) throw new Error();
 * ```
 */
export function expectedSecondHighest(n: number): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`bidders: expected a positive integer, got ${n}`);
  }
  if (n === 1) return NaN;
  const cached = secondHighestCache.get(n);
  if (cached !== undefined) return cached;
  // Density of the (n-1)-th order statistic: n (n-1) F^(n-2) (1 - F) f.
  const steps = 20_000;
  const lo = -9, hi = 9, dx = (hi - lo) / steps;
  let total = 0;
  for (let k = 0; k <= steps; k++) {
    const x = lo + k * dx;
    const f = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    const F = phi(x);
    const w = k === 0 || k === steps ? 0.5 : 1;
    total += w * x * n * (n - 1) * F ** (n - 2) * (1 - F) * f;
  }
  const value = total * dx;
  secondHighestCache.set(n, value);
  return value;
}

// Accurate Φ for the integration above (erfc by continued fraction would do too).
function phi(x: number): number {
  // W. J. Cody-style rational approximation through erf of |x| / sqrt(2).
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(
    -z * z - 1.26551223 +
      t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                      t *
                        (0.27886807 +
                          t *
                            (-1.13520398 +
                              t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
  );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * The expected price improvement of an auction, $ per share, approximating
 * `E[clamp(second-highest valuation, 0, half)]` by clamping the expected
 * second-highest valuation (exact when the clamp does not bind).
 *
 * @example
 * ```ts
 * import { expectedAuctionImprovement } from "./dealer.ts";
 * // Three bidders: the expected second-highest noise is 0, so PI = half - adverse - cost.
 * const pi = expectedAuctionImprovement(0.005, 0.001, 0.0003, 0.001, 3);
 * if (Math.abs(pi - 0.0037) > 1e-6) throw new Error(String(pi));
 * ```
 */
export function expectedAuctionImprovement(
  half: number,
  adverse: number,
  cost: number,
  noise: number,
  bidders: number,
): number {
  if (bidders < 2) return 0;
  const v = half - adverse - cost + noise * expectedSecondHighest(bidders);
  return v < 0 ? 0 : v > half ? half : v;
}

/** Standard normal quantiles at 4,096 equal-probability bin midpoints, for bidders' noise. */
export const BID_NOISE_TABLE: Float64Array = (() => {
  const n = 4096;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = inverseNormalCdf((k + 0.5) / n);
  return out;
})();
