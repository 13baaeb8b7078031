/**
 * The liquidity provider's side of a retail order: what it expects to lose
 * to adverse selection, what it must pay the broker, how much price
 * improvement its surplus allows, and what bidders in an order-by-order
 * auction offer.
 *
 * In words: on a marketable retail order a wholesaler earns the half-spread
 * against the midpoint, expects to lose part of it when the order is informed
 * (the midpoint drifts the order's way), pays its costs and the broker's
 * payment, and passes a share of what is left to the customer as price
 * improvement. In an auction each bidder values the order at the half-spread
 * less adverse selection and its cost, plus private noise; the winner pays
 * the second-best valuation (revenue-equivalent to a sealed first-price
 * auction with bid shading), and never worse than the NBBO.
 *
 * @module
 */
import type { FlowParams } from "./flow.ts";
import { inverseNormalCdf } from "./random.ts";

/** Horizon over which a liquidity provider prices adverse selection, seconds. */
export const ADVERSE_HORIZON_SECONDS = 60;

/**
 * Expected adverse selection of a marketable retail order, $ per share: the
 * informed share times the informed drift reached by the horizon.
 *
 * @example
 * ```ts
 * import { adverseSelectionPerShare } from "./dealer.ts";
 * const flow = { informedShare: 0.05, informedImpactBps: 4, informedHorizonSeconds: 60 };
 * const a = adverseSelectionPerShare(flow, 100, 60);
 * if (Math.abs(a - 0.05 * 0.0004 * 100 * (1 - Math.exp(-1))) > 1e-15) throw new Error();
 * ```
 */
export function adverseSelectionPerShare(
  flow: Pick<FlowParams, "informedShare" | "informedImpactBps" | "informedHorizonSeconds">,
  mid: number,
  horizonSeconds = ADVERSE_HORIZON_SECONDS,
): number {
  return adverseFactor(flow, horizonSeconds) * mid;
}

/**
 * Expected adverse selection per dollar of price: multiply by the midpoint
 * to get {@linkcode adverseSelectionPerShare} (hot loops hoist this factor).
 *
 * @example
 * ```ts
 * import { adverseFactor } from "./dealer.ts";
 * const f = adverseFactor({ informedShare: 0.1, informedImpactBps: 10, informedHorizonSeconds: 60 }, 60);
 * if (Math.abs(f - 0.1 * 0.001 * (1 - Math.exp(-1))) > 1e-18) throw new Error();
 * ```
 */
export function adverseFactor(
  flow: Pick<FlowParams, "informedShare" | "informedImpactBps" | "informedHorizonSeconds">,
  horizonSeconds = ADVERSE_HORIZON_SECONDS,
): number {
  return flow.informedShare * flow.informedImpactBps / 1e4 *
    (1 - Math.exp(-horizonSeconds / flow.informedHorizonSeconds));
}

/**
 * The mean price improvement a wholesaler's surplus allows, $ per share:
 * `passThrough x max(0, half - adverse - cost - payment)`, at most the
 * half-spread.
 *
 * @example
 * ```ts
 * import { surplusImprovement } from "./dealer.ts";
 * // Half-spread 0.8¢, adverse 0.1¢, cost 0.04¢, payment 0.24¢: surplus 0.42¢, 85% passed on.
 * const pi = surplusImprovement(0.008, 0.001, 0.0004, 0.0024, 0.85);
 * if (Math.abs(pi - 0.85 * 0.0042) > 1e-15) throw new Error(String(pi));
 * ```
 */
export function surplusImprovement(
  half: number,
  adverse: number,
  cost: number,
  payment: number,
  passThrough: number,
): number {
  const surplus = half - adverse - cost - payment;
  if (surplus <= 0) return 0;
  const pi = passThrough * surplus;
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
