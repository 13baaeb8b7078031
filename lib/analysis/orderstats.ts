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
import { priceImpactBps } from "./impact.ts";

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
export function venueKindName(day: Pick<DayResult, "venues">, v: number): VenueKindName {
  const k = day.venues.kind[v];
  if (k === WHOLESALER) return day.venues.affiliated[v] ? "affiliated" : "wholesaler";
  if (k === LIT) return "exchange";
  if (k === DARK) return "dark";
  if (k === AUCTION) return "auction";
  throw new RangeError(`venue ${v}: unknown kind ${k}`);
}

/** What {@linkcode OrderStatsAccumulator} reads of a day or of one chunk of it. */
export type OrderBatch = Pick<DayResult, "orders" | "outcomes" | "venues">;

/**
 * The sums behind {@linkcode orderStatistics}, added batch by batch (a day,
 * or the chunks of a day too large to hold at once: the result of the
 * chunks equals that of the whole day).
 *
 * @example
 * ```ts
 * import { OrderStatsAccumulator } from "./orderstats.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 2000, seed: 1 });
 * const acc = new OrderStatsAccumulator({ types: [0, 1] }, day.venues.count);
 * acc.add(day);
 * const { groups, hhi } = acc.result();
 * if (groups.get("all")!.orders <= 0 || !(hhi > 0 && hhi <= 10000)) throw new Error();
 * ```
 */
export class OrderStatsAccumulator {
  readonly #acc = new Map<string, number[]>();
  readonly #routed: Float64Array;
  #selected = 0;

  /**
   * An empty accumulator of the orders `selection` picks, over `venueCount`
   * venues, all together or by the kind of the executing venue.
   */
  constructor(
    readonly selection: OrderSelection,
    venueCount: number,
    readonly byVenueKind = false,
  ) {
    this.#routed = new Float64Array(venueCount);
  }

  /** Adds a batch of orders (a day or a chunk); returns this accumulator. */
  add(day: OrderBatch): this {
    const { orders: o, outcomes: r } = day;
    const selection = this.selection;
    for (let i = 0; i < o.count; i++) {
      if (!selection.types.includes(o.type[i])) continue;
      const notional = o.size[i] * r.arrivalMid[i];
      if (
        notional < (selection.notionalMin ?? 0) || notional > (selection.notionalMax ?? Infinity)
      ) {
        continue;
      }
      const mid = r.arrivalMid[i];
      if (mid < (selection.priceMin ?? 0) || mid >= (selection.priceMax ?? Infinity)) continue;
      this.#selected++;
      this.#routed[r.venue[i]]++;
      const key = this.byVenueKind ? venueKindName(day, r.execVenue[i]) : "all";
      let a = this.#acc.get(key);
      if (!a) this.#acc.set(key, a = [0, 0, 0, 0, 0, 0, 0, 0]);
      a[0]++;
      a[1] += notional;
      const q = r.filled[i];
      if (q === 0) continue;
      a[2]++;
      a[3] += r.priceImprovement[i] / r.arrivalSpread[i];
      a[4] += q * r.priceImprovement[i];
      a[5] += q;
      const impact = priceImpactBps(day, i);
      if (Number.isFinite(impact)) {
        a[6] += q * impact;
        a[7] += q;
      }
    }
    return this;
  }

  /** The statistics of the orders added so far, and their routing concentration (HHI). */
  result(): { groups: Map<string, OrderStatistics>; hhi: number } {
    const groups = new Map<string, OrderStatistics>();
    for (const [key, a] of this.#acc) {
      groups.set(key, {
        orders: a[0],
        notionalPerOrder: a[1] / a[0],
        priceImprovementPctOfSpread: a[2] > 0 ? 100 * a[3] / a[2] : NaN,
        priceImprovementCentsPerShare: a[5] > 0 ? 100 * a[4] / a[5] : NaN,
        priceImpact5mBps: a[7] > 0 ? a[6] / a[7] : NaN,
      });
    }
    let hhi = 0;
    const n = this.#selected;
    for (const x of this.#routed) hhi += n > 0 ? (100 * x / n) ** 2 : 0;
    return { groups, hhi };
  }
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
  return new OrderStatsAccumulator(selection, day.venues.count, byVenueKind).add(day).result();
}
