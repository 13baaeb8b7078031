/**
 * The amended Rule 605 view of the metrics (SEC Release 34-99679, adopted
 * 6 March 2024): its order-size categories by notional value, and the
 * percentage columns of its new summary report (Rule 605(a)(2); the SEC's
 * "Order Execution Summary" CSV, `../shared/data/specs/oes/`).
 *
 * The library's metric cells keep the legacy share-count size buckets, so
 * the notional categories are tallied from a day's per-order columns
 * ({@linkcode notionalCounts}), and the summary columns are derived from
 * metric rows ({@linkcode summaryColumns}). Conventions of the model, in
 * plain words:
 *
 * - an order's notional value is its shares times the NBBO midpoint when it
 *   arrives;
 * - the percentage spreads (effective, quoted, realized) are the
 *   share-weighted average spread in $ divided by the share-weighted average
 *   midpoint, the definition the specification gives for the quoted spread;
 *   so E/Q is exactly the effective over the quoted percentage, as in the
 *   SEC's sample file (0.00036 / 0.000385 = 0.935065);
 * - the average notional order size is the notional executed (at the
 *   midpoint) per order, which equals the ordered notional when orders fill
 *   in full (market orders here always do).
 *
 * @module
 */
import type { DayResult } from "../sim/simulate.ts";
import { MARKETABLE_TYPES, SIZE_BUCKETS, sizeBucket } from "../sim/flow.ts";
import type { MetricsRow } from "./metrics.ts";

/** The amended rule's notional order-size categories (OES `OrderSize` codes, USD). */
export const NOTIONAL_BUCKETS = [
  { code: 0, label: "< $250", min: 0, max: 250 },
  { code: 250, label: "$250 to < $1k", min: 250, max: 1_000 },
  { code: 1000, label: "$1k to < $5k", min: 1_000, max: 5_000 },
  { code: 5000, label: "$5k to < $10k", min: 5_000, max: 10_000 },
  { code: 10000, label: "$10k to < $20k", min: 10_000, max: 20_000 },
  { code: 20000, label: "$20k to < $50k", min: 20_000, max: 50_000 },
  { code: 50000, label: "$50k to < $200k", min: 50_000, max: 200_000 },
  { code: 200000, label: "≥ $200k", min: 200_000, max: Infinity },
] as const;

/**
 * The index in {@linkcode NOTIONAL_BUCKETS} of an order of `notional` dollars.
 *
 * @example
 * ```ts
 * import { NOTIONAL_BUCKETS, notionalBucket } from "./rule605.ts";
 * if (notionalBucket(249.99) !== 0 || notionalBucket(250) !== 1) throw new Error();
 * if (NOTIONAL_BUCKETS[notionalBucket(200_000)].code !== 200000) throw new Error();
 * ```
 */
export function notionalBucket(notional: number): number {
  if (!(notional >= 0)) throw new RangeError(`notional: expected at least 0, got ${notional}`);
  let b = 0;
  while (b < NOTIONAL_BUCKETS.length - 1 && notional >= NOTIONAL_BUCKETS[b].max) b++;
  return b;
}

/**
 * Orders of one simulated day counted by legacy share bucket and notional
 * category: entry `[shareBucket * NOTIONAL_BUCKETS.length + notionalBucket]`.
 * Counts of several days add up entry by entry.
 *
 * @example
 * ```ts
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { notionalCounts } from "./rule605.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 500, seed: 1 });
 * const all = notionalCounts(day, [0, 1, 2]);
 * if (all.reduce((s, x) => s + x, 0) !== 500) throw new Error();
 * ```
 */
export function notionalCounts(
  day: DayResult,
  types: readonly number[] = MARKETABLE_TYPES,
): Float64Array {
  const N = NOTIONAL_BUCKETS.length;
  const out = new Float64Array(SIZE_BUCKETS.length * N);
  const keep = new Uint8Array(3);
  for (const t of types) keep[t] = 1;
  const { orders, outcomes } = day;
  for (let i = 0; i < orders.count; i++) {
    if (!keep[orders.type[i]]) continue;
    const q = orders.size[i];
    out[sizeBucket(q) * N + notionalBucket(q * outcomes.arrivalMid[i])] += 1;
  }
  return out;
}

/**
 * {@linkcode notionalCounts} as table rows: one per share bucket with any
 * orders, one column per notional category with its share of all the
 * counted orders.
 *
 * @example
 * ```ts
 * import { NOTIONAL_BUCKETS, notionalTable } from "./rule605.ts";
 * const counts = new Float64Array(6 * NOTIONAL_BUCKETS.length);
 * counts[0] = 3; // 1-99 shares, under $250
 * counts[1 * NOTIONAL_BUCKETS.length + 2] = 1; // 100-499 shares, $1k to < $5k
 * const rows = notionalTable(counts);
 * if (rows.length !== 2 || rows[0]["< $250"] !== 0.75 || rows[1]["$1k to < $5k"] !== 0.25) {
 *   throw new Error();
 * }
 * ```
 */
export function notionalTable(counts: Float64Array): Record<string, string | number>[] {
  const N = NOTIONAL_BUCKETS.length;
  if (counts.length !== SIZE_BUCKETS.length * N) {
    throw new RangeError(
      `counts: expected ${SIZE_BUCKETS.length * N} entries, got ${counts.length}`,
    );
  }
  const total = counts.reduce((s, x) => s + x, 0);
  const rows: Record<string, string | number>[] = [];
  SIZE_BUCKETS.forEach((sb, s) => {
    let any = 0;
    for (let n = 0; n < N; n++) any += counts[s * N + n];
    if (any === 0) return;
    const row: Record<string, string | number> = { shares: sb.label };
    NOTIONAL_BUCKETS.forEach((
      nb,
      n,
    ) => (row[nb.label] = total > 0 ? counts[s * N + n] / total : 0));
    rows.push(row);
  });
  return rows;
}

/** The amended summary report's statistics for one group of covered orders (OES column names). */
export interface SummaryColumns {
  /** (i) Average order size, shares. */
  AvgOrderQty: number;
  /** (ii) Average notional order size, $ (executed notional per order; see the module doc). */
  AvgOrderSize: number;
  /** (iii) Average midpoint of the executions, $. */
  ExctdOrderMidPtAvg: number;
  /** (iv) Share of executed shares at the quote or better (a fraction). */
  PctExctdAtQuotOrBetter: number;
  /** (v) Share of executed shares with price improvement (a fraction). */
  PctExctdPI: number;
  /** (vi) (Σ improvement − Σ amount outside the quote) / Σ (midpoint × shares). */
  WghtdAvgPctPI: number;
  /** (vii) Average effective spread / average midpoint. */
  AvgEffctvSprdPct: number;
  /** (viii) Average quoted spread / average midpoint. */
  AvgPctQuotSprd: number;
  /** (ix) Average effective / average quoted spread. */
  AvgEFQPct: number;
  /** (x) Realized spread 15 s after execution, a fraction of the average midpoint. */
  AvgRealSprdPct15sec: number;
  /** (xi) Realized spread 1 min after execution, a fraction of the average midpoint. */
  AvgRealSprdPct1min: number;
  /** (xii) Share-weighted average execution time, milliseconds. */
  WghtdAvgExctnTime: number;
}

/**
 * The summary report's columns of a metrics row of covered orders (market
 * and marketable limit only: the price-improvement shares of other types are
 * not counted). Fractions, not percent points, as in the SEC's sample file.
 *
 * @example
 * ```ts
 * import { deriveMetrics, STATS } from "./metrics.ts";
 * import { summaryColumns } from "./rule605.ts";
 * const S = Object.fromEntries(STATS.map((s, i) => [s, i]));
 * const sums = new Float64Array(STATS.length);
 * // One order of 100 shares filled at $50.00 against a $50.005 midpoint, quoted spread 1¢,
 * // improved by $0.005 on every share (a sell at the bid plus half a cent).
 * sums[S.orders] = 1; sums[S.shares] = 100; sums[S.filledShares] = 100; sums[S.filledOrders] = 1;
 * sums[S.effectiveSpreadSum] = 100 * 0.0; sums[S.quotedSpreadSum] = 100 * 0.01;
 * sums[S.improvedShares] = 100; sums[S.improvementSum] = 100 * 0.005;
 * sums[S.notional] = 100 * 50.005; sums[S.executionMsSum] = 100 * 4;
 * const c = summaryColumns(deriveMetrics(sums));
 * if (c.PctExctdPI !== 1 || c.WghtdAvgExctnTime !== 4 || Math.abs(c.WghtdAvgPctPI - 0.5 / 5000.5) > 1e-15) {
 *   throw new Error();
 * }
 * ```
 */
export function summaryColumns(row: MetricsRow): SummaryColumns {
  const mid = row.filledShares > 0 ? row.notional / row.filledShares : NaN;
  return {
    AvgOrderQty: row.orders > 0 ? row.shares / row.orders : NaN,
    AvgOrderSize: row.orders > 0 ? row.notional / row.orders : NaN,
    ExctdOrderMidPtAvg: mid,
    PctExctdAtQuotOrBetter: row.priceImprovedShare + row.atQuoteShare,
    PctExctdPI: row.priceImprovedShare,
    WghtdAvgPctPI: row.notional > 0
      ? row.priceImprovementAll * row.filledShares / row.notional
      : NaN,
    AvgEffctvSprdPct: row.effectiveSpread / mid,
    AvgPctQuotSprd: row.quotedSpread / mid,
    AvgEFQPct: row.eq,
    AvgRealSprdPct15sec: row.realizedSpread15s / mid,
    AvgRealSprdPct1min: row.realizedSpread60s / mid,
    WghtdAvgExctnTime: row.executionSeconds * 1000,
  };
}
