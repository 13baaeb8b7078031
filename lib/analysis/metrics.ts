/**
 * Execution-quality metrics with SEC Rule 605 definitions, share-weighted,
 * and ledger totals, accumulated into cells (venue x order type x size
 * bucket x tier) that merge exactly across chunks, days and workers, then
 * summarised by any grouping.
 *
 * Definitions (per share; `s` is +1 for a buy, -1 for a sell; `M` the
 * midpoint at order receipt; `P` the execution price):
 * - effective spread = 2 s (P - M), in $ and in bps of M;
 * - quoted spread = ask - bid at receipt; E/Q = effective / quoted;
 * - price improvement = s (far quote - P): improved if > 0, at the quote if
 *   0, outside the quote if < 0;
 * - realized spread at horizon h = 2 s (P - M_h), with M_h the midpoint h
 *   after execution;
 * - fill rate = shares executed / shares ordered; execution time is share
 *   weighted, from receipt to execution.
 *
 * @module
 */
import type { Orders } from "../sim/flow.ts";
import {
  ALL_TYPES,
  NON_MARKETABLE_LIMIT,
  ORDER_TYPES,
  SIZE_BUCKETS,
  sizeBucket,
} from "../sim/flow.ts";
import { metricCell } from "../sim/layout.ts";
import { type OrderOutcome, orderOutcome, type Outcomes, readOutcome } from "../sim/execution.ts";
import { type Ledger, type LedgerEntry, ledgerEntry } from "../sim/ledger.ts";
import { MARKOUT_HORIZONS } from "../sim/market.ts";
import { TIERS } from "../sim/securities.ts";

/** The sums kept per cell, in column order. */
export const STATS = [
  "orders",
  "shares",
  "filledShares",
  "filledOrders",
  "effectiveSpreadSum",
  "effectiveSpreadBpsSum",
  "quotedSpreadSum",
  "quotedSpreadBpsSum",
  "improvedShares",
  "improvementSum",
  "atQuoteShares",
  "outsideShares",
  "outsideSum",
  "executionMsSum",
  "realized1sSum",
  "realized15sSum",
  "realized60sSum",
  "realized300sSum",
  "customerCost",
  "brokerGain",
  "wholesalerGain",
  "venueGain",
  "otherSideGain",
  "payment",
  "brokerFees",
  "notional",
  "opportunityCost",
  "tradedThroughUnfilled",
  "unfilledOrders",
  "reroutedShares",
  "unfilledNotional",
] as const;
const S = Object.fromEntries(STATS.map((s, i) => [s, i])) as Record<typeof STATS[number], number>;
const NS = STATS.length;

/** Dimensions a summary can group by. */
export type Dimension = "venue" | "type" | "sizeBucket" | "tier";

/** Sums per cell; add two with {@linkcode MetricsAccumulator.merge}. */
export class MetricsAccumulator {
  /** Venue ids, in code order. */
  readonly venueIds: string[];
  /** `cells * STATS.length` sums. */
  readonly sums: Float64Array;

  /**
   * An empty accumulator for `venueIds`.
   *
   * @example
   * ```ts
   * import { MetricsAccumulator } from "./metrics.ts";
   * const acc = new MetricsAccumulator(["A", "B"]);
   * if (acc.sums.some((x) => x !== 0)) throw new Error();
   * ```
   */
  constructor(venueIds: string[], sums?: Float64Array) {
    this.venueIds = venueIds;
    const cells = venueIds.length * ORDER_TYPES.length * SIZE_BUCKETS.length * TIERS.length;
    this.sums = sums ?? new Float64Array(cells * NS);
  }

  /**
   * Adds the orders of one simulated chunk.
   *
   * @example
   * ```ts
   * import { simulateDay } from "../sim/simulate.ts";
   * import { defaultScenario } from "../sim/scenario.ts";
   * const day = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 300, seed: 2 });
   * const total = day.metrics.summarize([])[0];
   * if (total.orders !== 300) throw new Error();
   * ```
   */
  add(orders: Orders, outcomes: Outcomes, ledger: Ledger, tier: Uint8Array): this {
    const r = orderOutcome();
    const e = ledgerEntry();
    for (let i = 0; i < outcomes.count; i++) {
      readOutcome(outcomes, i, r);
      e.customerCost = ledger.customerCost[i];
      e.broker = ledger.broker[i];
      e.wholesaler = ledger.wholesaler[i];
      e.venue = ledger.venue[i];
      e.otherSide = ledger.otherSide[i];
      this.addOrder(
        orders.type[i],
        orders.size[i],
        orders.side[i],
        outcomes.venue[i],
        tier[orders.security[i]],
        r,
        e,
      );
    }
    return this;
  }

  /**
   * Adds one order: of type `type`, `size` shares, side `side`, routed to
   * venue `venue`, in a security of tier `tier`, with outcome `r` and cash
   * flows `e`. The one rule of the sums, used by {@linkcode add} and the fused
   * day.
   *
   * @example
   * ```ts
   * import { MetricsAccumulator } from "./metrics.ts";
   * import { orderOutcome } from "../sim/execution.ts";
   * import { ledgerEntry } from "../sim/ledger.ts";
   * const acc = new MetricsAccumulator(["A"]);
   * const r = { ...orderOutcome(), filled: 100, price: 10.01, arrivalMid: 10, arrivalSpread: 0.02 };
   * acc.addOrder(0, 100, 1, 0, 0, r, ledgerEntry());
   * const m = acc.summarize([])[0];
   * if (m.orders !== 1 || Math.abs(m.eq - 1) > 1e-9) throw new Error(String(m.eq));
   * ```
   */
  addOrder(
    type: number,
    size: number,
    side: number,
    venue: number,
    tier: number,
    r: OrderOutcome,
    e: LedgerEntry,
  ): void {
    const sums = this.sums;
    const q = size;
    const b = metricCell(venue, type, sizeBucket(q), tier) * NS;
    sums[b] += 1;
    sums[b + 1] += q;
    const f = r.filled;
    if (f === 0) {
      sums[b + S.unfilledOrders] += 1;
      sums[b + S.opportunityCost] += r.opportunityCost;
      sums[b + S.tradedThroughUnfilled] += r.tradedThrough;
      sums[b + S.unfilledNotional] += q * r.arrivalMid;
      return;
    }
    const m = r.arrivalMid;
    const p = r.price;
    const eff = 2 * side * (p - m);
    const qs = r.arrivalSpread;
    sums[b + 2] += f;
    sums[b + 3] += 1;
    sums[b + 4] += f * eff;
    sums[b + 5] += f * eff / m * 1e4;
    sums[b + 6] += f * qs;
    sums[b + 7] += f * qs / m * 1e4;
    const pi = r.priceImprovement;
    if (type !== NON_MARKETABLE_LIMIT) {
      if (pi > 1e-9) {
        sums[b + 8] += f;
        sums[b + 9] += f * pi;
      } else if (pi < -1e-9) {
        sums[b + 11] += f;
        sums[b + 12] -= f * pi;
      } else {
        sums[b + 10] += f;
      }
    }
    const mk = r.markout;
    sums[b + 13] += f * r.latencyMs;
    sums[b + 14] += f * 2 * side * (p - mk[0]);
    sums[b + 15] += f * 2 * side * (p - mk[1]);
    sums[b + 16] += f * 2 * side * (p - mk[2]);
    sums[b + 17] += f * 2 * side * (p - mk[3]);
    sums[b + 18] += e.customerCost;
    sums[b + 19] += e.broker;
    sums[b + 20] += e.wholesaler;
    sums[b + 21] += e.venue;
    sums[b + 22] += e.otherSide;
    sums[b + 23] += r.payment;
    sums[b + 24] += r.brokerFee;
    sums[b + 25] += f * m;
    if (r.execVenue !== venue) sums[b + 29] += f;
  }

  /**
   * Adds another accumulator's sums (chunks, days, workers).
   *
   * @example
   * ```ts
   * import { MetricsAccumulator } from "./metrics.ts";
   * const a = new MetricsAccumulator(["A"]);
   * const b = new MetricsAccumulator(["A"]);
   * b.sums[0] = 2;
   * if (a.merge(b).sums[0] !== 2) throw new Error();
   * ```
   */
  merge(other: MetricsAccumulator): this {
    if (other.sums.length !== this.sums.length) {
      throw new RangeError("merge: accumulators have different venues");
    }
    for (let i = 0; i < this.sums.length; i++) this.sums[i] += other.sums[i];
    return this;
  }

  /**
   * Summary rows grouped by `by` (an empty list gives one total row),
   * optionally keeping only some order types.
   *
   * @example
   * ```ts
   * import { simulateDay } from "../sim/simulate.ts";
   * import { defaultScenario } from "../sim/scenario.ts";
   * const day = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 300, seed: 2 });
   * const rows = day.metrics.summarize(["type"]);
   * if (rows.reduce((s, r) => s + r.orders, 0) !== 300) throw new Error();
   * ```
   */
  summarize(
    by: Dimension[],
    options: { types?: readonly number[] } = {},
  ): MetricsRow[] {
    const groups = new Map<string, { keys: Record<string, string>; sums: Float64Array }>();
    const types = options.types ?? ALL_TYPES;
    const V = this.venueIds.length;
    for (let v = 0; v < V; v++) {
      for (const type of types) {
        for (let sb = 0; sb < SIZE_BUCKETS.length; sb++) {
          for (let t = 0; t < TIERS.length; t++) {
            const cell = metricCell(v, type, sb, t);
            const base = cell * NS;
            if (this.sums[base] === 0) continue;
            const keys: Record<string, string> = {};
            for (const d of by) {
              keys[d] = d === "venue"
                ? this.venueIds[v]
                : d === "type"
                ? ORDER_TYPES[type]
                : d === "sizeBucket"
                ? SIZE_BUCKETS[sb].label
                : TIERS[t];
            }
            const key = by.map((d) => keys[d]).join("\u0000");
            let g = groups.get(key);
            if (!g) groups.set(key, g = { keys, sums: new Float64Array(NS) });
            for (let s = 0; s < NS; s++) g.sums[s] += this.sums[base + s];
          }
        }
      }
    }
    return [...groups.values()].map((g) => ({ ...g.keys, ...deriveMetrics(g.sums) }));
  }
}

/** Derived metrics of one group. */
export interface Metrics {
  /** Orders received. */
  orders: number;
  /** Shares ordered. */
  shares: number;
  /** Shares executed. */
  filledShares: number;
  /** Shares executed / shares ordered. */
  fillRate: number;
  /** Share-weighted effective spread, $ per share. */
  effectiveSpread: number;
  /** Share-weighted effective spread, bps of the midpoint. */
  effectiveSpreadBps: number;
  /** Share-weighted quoted spread at receipt, $ per share. */
  quotedSpread: number;
  /** Share-weighted quoted spread at receipt, bps. */
  quotedSpreadBps: number;
  /** Effective over quoted spread. */
  eq: number;
  /** Share of executed shares with price improvement. */
  priceImprovedShare: number;
  /** Average improvement of the improved shares, $ per share. */
  priceImprovementPerShare: number;
  /** Average improvement over all executed shares, $ per share. */
  priceImprovementAll: number;
  /** Share executed at the quote. */
  atQuoteShare: number;
  /** Share executed outside the quote. */
  outsideQuoteShare: number;
  /** Average amount outside the quote of those shares, $ per share. */
  outsideQuotePerShare: number;
  /** Share-weighted time to execution, seconds. */
  executionSeconds: number;
  /** Realized spread 1 s after execution, $ per share. */
  realizedSpread1s: number;
  /** Realized spread 15 s after execution, $ per share. */
  realizedSpread15s: number;
  /** Realized spread 60 s after execution, $ per share. */
  realizedSpread60s: number;
  /** Realized spread 300 s after execution, $ per share. */
  realizedSpread300s: number;
  /** What customers paid beyond the midpoint, $. */
  customerCost: number;
  /** Customer cost in bps of the notional executed. */
  customerCostBps: number;
  /** Customer cost per executed share, $. */
  customerCostPerShare: number;
  /** Customer cost plus the cost of missed fills, $. */
  allInCost: number;
  /** All-in cost in bps of the notional ordered (executed and missed). */
  allInCostBps: number;
  /** Broker's net gain, $. */
  brokerGain: number;
  /** Wholesalers' net gain, $. */
  wholesalerGain: number;
  /** Venue operators' net gain, $. */
  venueGain: number;
  /** Other sides' net gain, $. */
  otherSideGain: number;
  /** Payment for order flow received by the broker, $. */
  payment: number;
  /** Payment per executed share, $. */
  pfofPerShare: number;
  /** Fees the broker paid net of rebates, $. */
  brokerFees: number;
  /** Notional executed at the midpoint, $. */
  notional: number;
  /** Cost of missed fills (unfilled limits, cancelled marketable limits), $. */
  opportunityCost: number;
  /** Unfilled orders. */
  unfilledOrders: number;
  /** Unfilled limits that saw the market trade through their price. */
  tradedThroughUnfilled: number;
  /** Shares rerouted by a dark pool to a lit venue. */
  reroutedShares: number;
}

/** A summary row: the group's keys and its metrics. */
export type MetricsRow = Metrics & Partial<Record<Dimension, string>>;

/** Metric names, in a stable order (for frames and tables). */
export const METRIC_NAMES: (keyof Metrics)[] = [
  "orders",
  "shares",
  "filledShares",
  "fillRate",
  "effectiveSpread",
  "effectiveSpreadBps",
  "quotedSpread",
  "quotedSpreadBps",
  "eq",
  "priceImprovedShare",
  "priceImprovementPerShare",
  "priceImprovementAll",
  "atQuoteShare",
  "outsideQuoteShare",
  "outsideQuotePerShare",
  "executionSeconds",
  "realizedSpread1s",
  "realizedSpread15s",
  "realizedSpread60s",
  "realizedSpread300s",
  "customerCost",
  "customerCostBps",
  "customerCostPerShare",
  "allInCost",
  "allInCostBps",
  "brokerGain",
  "wholesalerGain",
  "venueGain",
  "otherSideGain",
  "payment",
  "pfofPerShare",
  "brokerFees",
  "notional",
  "opportunityCost",
  "unfilledOrders",
  "tradedThroughUnfilled",
  "reroutedShares",
];

/**
 * Turns a vector of {@linkcode STATS} sums into metrics.
 *
 * @example
 * ```ts
 * import { deriveMetrics, STATS } from "./metrics.ts";
 * const sums = new Float64Array(STATS.length);
 * sums[0] = 1; sums[1] = 100; sums[2] = 100; sums[4] = 100 * 0.01; sums[6] = 100 * 0.02;
 * const m = deriveMetrics(sums);
 * if (m.eq !== 0.5) throw new Error(String(m.eq));
 * ```
 */
export function deriveMetrics(s: Float64Array): Metrics {
  const filled = s[S.filledShares];
  const per = (x: number) => (filled > 0 ? x / filled : NaN);
  const eff = per(s[S.effectiveSpreadSum]);
  const quoted = per(s[S.quotedSpreadSum]);
  const covered = s[S.improvedShares] + s[S.atQuoteShares] + s[S.outsideShares];
  const ofCovered = (x: number) => (covered > 0 ? x / covered : NaN);
  return {
    orders: s[S.orders],
    shares: s[S.shares],
    filledShares: filled,
    fillRate: s[S.shares] > 0 ? filled / s[S.shares] : NaN,
    effectiveSpread: eff,
    effectiveSpreadBps: per(s[S.effectiveSpreadBpsSum]),
    quotedSpread: quoted,
    quotedSpreadBps: per(s[S.quotedSpreadBpsSum]),
    eq: quoted > 0 ? eff / quoted : NaN,
    priceImprovedShare: ofCovered(s[S.improvedShares]),
    priceImprovementPerShare: s[S.improvedShares] > 0
      ? s[S.improvementSum] / s[S.improvedShares]
      : NaN,
    priceImprovementAll: ofCovered(s[S.improvementSum] - s[S.outsideSum]),
    atQuoteShare: ofCovered(s[S.atQuoteShares]),
    outsideQuoteShare: ofCovered(s[S.outsideShares]),
    outsideQuotePerShare: s[S.outsideShares] > 0 ? s[S.outsideSum] / s[S.outsideShares] : NaN,
    executionSeconds: per(s[S.executionMsSum]) / 1000,
    realizedSpread1s: per(s[S.realized1sSum]),
    realizedSpread15s: per(s[S.realized15sSum]),
    realizedSpread60s: per(s[S.realized60sSum]),
    realizedSpread300s: per(s[S.realized300sSum]),
    customerCost: s[S.customerCost],
    customerCostBps: s[S.notional] > 0 ? s[S.customerCost] / s[S.notional] * 1e4 : NaN,
    customerCostPerShare: per(s[S.customerCost]),
    allInCost: s[S.customerCost] + s[S.opportunityCost],
    allInCostBps: s[S.notional] + s[S.unfilledNotional] > 0
      ? (s[S.customerCost] + s[S.opportunityCost]) / (s[S.notional] + s[S.unfilledNotional]) * 1e4
      : NaN,
    brokerGain: s[S.brokerGain],
    wholesalerGain: s[S.wholesalerGain],
    venueGain: s[S.venueGain],
    otherSideGain: s[S.otherSideGain],
    payment: s[S.payment],
    pfofPerShare: per(s[S.payment]),
    brokerFees: s[S.brokerFees],
    notional: s[S.notional],
    opportunityCost: s[S.opportunityCost],
    unfilledOrders: s[S.unfilledOrders],
    tradedThroughUnfilled: s[S.tradedThroughUnfilled],
    reroutedShares: s[S.reroutedShares],
  };
}

/** Horizons of the realized spread columns, seconds. */
export const REALIZED_HORIZONS = MARKOUT_HORIZONS;
