/**
 * Price impact by quoted spread: how far the midpoint moves after a
 * marketable order, in bps, for orders grouped by the quoted spread (bps of
 * the midpoint) they met at arrival.
 *
 * Two measures per group, both share weighted and in the legacy Rule 605
 * convention (effective minus realized spread: twice the move in the
 * order's direction):
 *
 * - **Measured impact** (`priceImpact5mBps`): from the midpoint five minutes
 *   after execution, as a 605 report computes it. It carries the market's
 *   own five-minute moves, which swamp the signal in a small or volatile
 *   group.
 * - **Information impact** (`informationImpact5mBps`): the part of that move
 *   the orders' own information caused (the simulated markout less the
 *   market's path at the same second). It is the measured impact's
 *   expectation given the orders, without the market's noise (up to the
 *   small drift of the simulated midpoint where the spread sits at its
 *   floor): the quantity a study of many stock-months estimates.
 *
 * @module
 */
import type { DayResult } from "../sim/simulate.ts";
import { MARKOUT_HORIZONS, pathIndex } from "../sim/market.ts";
import { MARKET, MARKETABLE_LIMIT } from "../sim/flow.ts";

/**
 * Filled order `i`'s five-minute price impact, bps of the arrival midpoint,
 * as a Rule 605 report measures it: effective minus realized spread, that is
 * twice the midpoint's move in the order's direction from arrival to five
 * minutes after execution (NaN for an unfilled order, which has no markout).
 *
 * @example
 * ```ts
 * import { priceImpactBps } from "./impact.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed: 1 });
 * const i = day.outcomes.filled.findIndex((f) => f > 0);
 * const { orders: o, outcomes: r } = day;
 * const move = (r.markout[r.markout.length - 1][i] - r.arrivalMid[i]) * o.side[i];
 * if (Math.abs(priceImpactBps(day, i) - 2 * move / r.arrivalMid[i] * 1e4) > 1e-9) throw new Error();
 * ```
 */
export function priceImpactBps(day: Pick<DayResult, "orders" | "outcomes">, i: number): number {
  const { orders: o, outcomes: r } = day;
  const m0 = r.arrivalMid[i];
  return 2 * o.side[i] * (r.markout[MARKOUT_HORIZONS.length - 1][i] - m0) / m0 * 1e4;
}

/**
 * The part of filled order `i`'s five-minute price impact its own
 * information caused, bps of the arrival midpoint, doubled as Rule 605
 * doubles spreads: the simulated midpoint five minutes after execution less
 * the market's own path at that second. Its expectation over orders equals
 * that of the measured impact, without the market's noise.
 *
 * @example
 * ```ts
 * import { informationImpactBps } from "./impact.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 2000, seed: 1 });
 * const i = Array.from(day.orders.informed).findIndex((x, n) => x > 0 && day.outcomes.filled[n] > 0);
 * const j = Array.from(day.orders.informed).findIndex((x, n) => x === 0 && day.outcomes.filled[n] > 0);
 * if (!(informationImpactBps(day, i) > 0) || informationImpactBps(day, j) !== 0) throw new Error();
 * ```
 */
export function informationImpactBps(
  day: Pick<DayResult, "orders" | "outcomes" | "market">,
  i: number,
): number {
  const { orders: o, outcomes: r, market } = day;
  const h = MARKOUT_HORIZONS.length - 1;
  const at = o.time[i] + r.latencyMs[i] / 1000 + MARKOUT_HORIZONS[h];
  const path = market.mid[pathIndex(market.steps, o.security[i], at)];
  const m0 = r.arrivalMid[i];
  return 2 * o.side[i] * (r.markout[h][i] - path) / m0 * 1e4;
}

/** The five-minute price impact of the orders in one band of quoted spreads. */
export interface ImpactBand {
  /** Lowest quoted spread of the band, bps of the midpoint (inclusive). */
  low: number;
  /** Highest quoted spread of the band, bps (exclusive). */
  high: number;
  /** Filled marketable orders in the band. */
  orders: number;
  /** The band's share of the filled marketable orders. */
  share: number;
  /** Mean quoted spread at arrival, bps (share weighted). */
  quotedSpreadBps: number;
  /** Effective minus 5-minute realized spread, bps (share weighted). */
  priceImpact5mBps: number;
  /** The part of it caused by the orders' own information, bps (share weighted). */
  informationImpact5mBps: number;
  /** Information impact over the quoted spread. */
  informationImpactOverQuoted: number;
}

/** Edges of the default bands of quoted spreads, bps of the midpoint. */
export const SPREAD_BAND_EDGES_BPS: readonly number[] = [0, 5, 10, 20, 50, 100, 200, Infinity];

/**
 * Five-minute price impact of a day's filled marketable orders (market and
 * marketable limit) by the quoted spread they met, in the bands between
 * consecutive `edges` (bps; default {@linkcode SPREAD_BAND_EDGES_BPS}).
 * Every filled marketable order falls in exactly one band when the edges
 * start at 0 and end at `Infinity`.
 *
 * @example
 * ```ts
 * import { impactBySpread } from "./impact.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 5000, seed: 1 });
 * const bands = impactBySpread(day);
 * // Information moves the price in the order's direction: never a negative impact.
 * if (bands.some((b) => b.orders > 0 && !(b.informationImpact5mBps >= 0))) throw new Error();
 * if (Math.abs(bands.reduce((s, b) => s + b.share, 0) - 1) > 1e-12) throw new Error();
 * ```
 */
export function impactBySpread(
  day: Pick<DayResult, "orders" | "outcomes" | "market">,
  edges: readonly number[] = SPREAD_BAND_EDGES_BPS,
): ImpactBand[] {
  if (edges.length < 2 || edges.some((e, j) => j > 0 && !(e > edges[j - 1]))) {
    throw new RangeError("edges: at least two, strictly increasing");
  }
  const { orders: o, outcomes: r } = day;
  const bands = edges.length - 1;
  // Per band: orders, shares, Σ shares × (quoted, measured impact, information impact).
  const sums = Array.from({ length: bands }, () => new Float64Array(5));
  let total = 0;
  for (let i = 0; i < o.count; i++) {
    const f = r.filled[i];
    const type = o.type[i];
    if (f === 0 || (type !== MARKET && type !== MARKETABLE_LIMIT)) continue;
    const m0 = r.arrivalMid[i];
    const quoted = r.arrivalSpread[i] / m0 * 1e4;
    let b = -1;
    for (let j = 0; j < bands; j++) {
      if (quoted >= edges[j] && quoted < edges[j + 1]) {
        b = j;
        break;
      }
    }
    if (b < 0) continue;
    total++;
    const s = sums[b];
    s[0]++;
    s[1] += f;
    s[2] += f * quoted;
    s[3] += f * priceImpactBps(day, i);
    s[4] += f * informationImpactBps(day, i);
  }
  return sums.map((s, j) => ({
    low: edges[j],
    high: edges[j + 1],
    orders: s[0],
    share: total > 0 ? s[0] / total : 0,
    quotedSpreadBps: s[1] > 0 ? s[2] / s[1] : NaN,
    priceImpact5mBps: s[1] > 0 ? s[3] / s[1] : NaN,
    informationImpact5mBps: s[1] > 0 ? s[4] / s[1] : NaN,
    informationImpactOverQuoted: s[2] > 0 ? s[4] / s[2] : NaN,
  }));
}
