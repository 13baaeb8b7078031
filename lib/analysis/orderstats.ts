/**
 * Order-level statistics of a simulated day, the way experiments and Rule
 * 605 readers quote them: price improvement as a share of the quoted spread
 * (a mean over orders), in cents per share, the five-minute price impact,
 * the dollar size of an order, and the concentration of routing (HHI). The
 * selection is by order type and dollar size; groups by venue kind.
 *
 * @module
 */
import type { DayResult } from "../sim/simulate.ts";
import { AUCTION, DARK, LIT, WHOLESALER } from "../sim/venues.ts";

/** Venue kinds as the command line names them. */
export const VENUE_KIND_NAMES = [
  "wholesaler",
  "exchange",
  "dark",
  "auction",
  "affiliated",
] as const;
/** A venue kind name. */
export type VenueKindName = typeof VENUE_KIND_NAMES[number];

/** Which orders to count. */
export interface OrderSelection {
  /** Order type codes. */
  types: readonly number[];
  /** Smallest notional at arrival, $ (inclusive). */
  notionalMin?: number;
  /** Largest notional at arrival, $ (inclusive). */
  notionalMax?: number;
  /** Lowest arrival midpoint, $ (inclusive). */
  priceMin?: number;
  /** Highest arrival midpoint, $ (exclusive: bands of prices do not overlap). */
  priceMax?: number;
}

/** Statistics of a group of orders. */
export interface OrderStatistics {
  /** Orders selected. */
  orders: number;
  /** Mean notional of an order at arrival, $. */
  notionalPerOrder: number;
  /** Mean over filled orders of price improvement / quoted spread at arrival, %. */
  priceImprovementPctOfSpread: number;
  /** Price improvement per filled share, cents. */
  priceImprovementCentsPerShare: number;
  /** Effective minus 5-minute realized spread, bps of the midpoint (share weighted). */
  priceImpact5mBps: number;
}

/**
 * The venue kind name of venue `v` of a day.
 *
 * @example
 * ```ts
 * import { venueKindName } from "./orderstats.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 10, seed: 1 });
 * if (venueKindName(day, day.venues.ids.indexOf("LIT-A")) !== "exchange") throw new Error();
 * ```
 */
export function venueKindName(day: DayResult, v: number): VenueKindName {
  const k = day.venues.kind[v];
  if (k === WHOLESALER) return day.venues.affiliated[v] ? "affiliated" : "wholesaler";
  if (k === LIT) return "exchange";
  if (k === DARK) return "dark";
  if (k === AUCTION) return "auction";
  throw new RangeError(`venue ${v}: unknown kind ${k}`);
}

/**
 * Statistics of the selected orders of a day, all together or by the kind
 * of the venue that executed them; and the routing concentration (HHI,
 * 0-10,000) of the selected orders over the venues they were routed to.
 *
 * @example
 * ```ts
 * import { orderStatistics } from "./orderstats.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 5000, seed: 1 });
 * const { groups, hhi } = orderStatistics(day, { types: [0, 1], notionalMin: 100, notionalMax: 5000 });
 * const all = groups.get("all")!;
 * if (!(all.notionalPerOrder >= 100 && all.notionalPerOrder <= 5000) || !(hhi > 0 && hhi <= 10000)) {
 *   throw new Error();
 * }
 * ```
 */
export function orderStatistics(
  day: DayResult,
  selection: OrderSelection,
  byVenueKind = false,
): { groups: Map<string, OrderStatistics>; hhi: number } {
  const { orders: o, outcomes: r } = day;
  const acc = new Map<string, number[]>();
  const routed = new Float64Array(day.venues.count);
  let selected = 0;
  const horizon = r.markout.length - 1; // five minutes
  for (let i = 0; i < o.count; i++) {
    if (!selection.types.includes(o.type[i])) continue;
    const notional = o.size[i] * r.arrivalMid[i];
    if (notional < (selection.notionalMin ?? 0) || notional > (selection.notionalMax ?? Infinity)) {
      continue;
    }
    const mid = r.arrivalMid[i];
    if (mid < (selection.priceMin ?? 0) || mid >= (selection.priceMax ?? Infinity)) continue;
    selected++;
    routed[r.venue[i]]++;
    const key = byVenueKind ? venueKindName(day, r.execVenue[i]) : "all";
    let a = acc.get(key);
    if (!a) acc.set(key, a = [0, 0, 0, 0, 0, 0, 0, 0]);
    a[0]++;
    a[1] += notional;
    const q = r.filled[i];
    if (q === 0) continue;
    a[2]++;
    a[3] += r.priceImprovement[i] / r.arrivalSpread[i];
    a[4] += q * r.priceImprovement[i];
    a[5] += q;
    const m0 = r.arrivalMid[i];
    if (Number.isFinite(r.markout[horizon][i])) {
      a[6] += q * 2 * o.side[i] * (r.markout[horizon][i] - m0) / m0 * 1e4;
      a[7] += q;
    }
  }
  const groups = new Map<string, OrderStatistics>();
  for (const [key, a] of acc) {
    groups.set(key, {
      orders: a[0],
      notionalPerOrder: a[1] / a[0],
      priceImprovementPctOfSpread: a[2] > 0 ? 100 * a[3] / a[2] : NaN,
      priceImprovementCentsPerShare: a[5] > 0 ? 100 * a[4] / a[5] : NaN,
      priceImpact5mBps: a[7] > 0 ? a[6] / a[7] : NaN,
    });
  }
  let hhi = 0;
  for (const n of routed) hhi += selected > 0 ? (100 * n / selected) ** 2 : 0;
  return { groups, hhi };
}
