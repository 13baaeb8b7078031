/**
 * What the records of a legacy Rule 605 report add up to, by any grouping of
 * order type, size, symbol, market center and month: orders and shares, the
 * share of shares executed, and the share-weighted spreads and price
 * improvement, the way the rule averages them (each record's average
 * weighted by its executed shares, or by its improved or outside-the-quote
 * shares for the amounts of those).
 *
 * @module
 */
import type { Legacy605Row } from "./rule605_legacy.ts";

/** Dimensions legacy 605 totals can group by. */
export type Legacy605Dimension = "orderType" | "sizeCode" | "symbol" | "marketCenter" | "month";

/** Totals of a group of legacy 605 records. */
export interface Legacy605Total {
  /** Order type code, when grouped by it. */
  orderType?: number;
  /** Size code, when grouped by it. */
  sizeCode?: number;
  /** Symbol, when grouped by it. */
  symbol?: string;
  /** Market center, when grouped by it. */
  marketCenter?: string;
  /** Month, when grouped by it. */
  month?: string;
  /** Records in the group. */
  records: number;
  /** Covered orders. */
  coveredOrders: number;
  /** Covered shares. */
  coveredShares: number;
  /** Shares cancelled before execution. */
  cancelledShares: number;
  /** Shares executed (at the market center and away). */
  executedShares: number;
  /** Shares executed away. */
  executedAway: number;
  /** Executed / covered shares. */
  fillRate: number | null;
  /** Share of executed shares executed within 9 seconds. */
  within10s: number | null;
  /** Average effective spread, $ per share (market and marketable limit records). */
  effectiveSpread: number | null;
  /** Average realized spread 5 minutes after execution, $ per share. */
  realizedSpread: number | null;
  /** Shares price-improved. */
  improvedShares: number;
  /** Shares executed at the quote. */
  atQuoteShares: number;
  /** Shares executed outside the quote. */
  outsideShares: number;
  /** Price-improved share of the shares classified (improved, at or outside the quote). */
  improvedShare: number | null;
  /** Average improvement of the improved shares, $ per share. */
  improvementPerShare: number | null;
  /** Average amount outside the quote of those shares, $ per share. */
  outsidePerShare: number | null;
  /** (Improvement less amount outside the quote) per classified share, $. */
  netImprovementPerShare: number | null;
}

/**
 * Totals of legacy 605 records grouped by `by` (an empty list: one total).
 *
 * @example
 * ```ts
 * import { readLegacy605 } from "./rule605_legacy.ts";
 * import { legacy605Totals } from "./rule605_totals.ts";
 * const r = readLegacy605(
 *   "T|X|201708|A|12|21|438|53033|50933|2100|0|2100|0|0|0|0|0.3653|0.0806|1166|0.0062|0.0|734|0.0|200|0.0440|0.0\n" +
 *   "T|X|201708|B|12|21|10|1000|0|1000|0|1000|0|0|0|0|0.0100|0.0100|1000|0.0100|0.0|0|0.0|0|0.0000|0.0\n",
 * );
 * const [t] = legacy605Totals(r.rows, ["orderType"]);
 * // (2100 x 0.0806 + 1000 x 0.0100) / 3100 and (1166 x 0.0062 + 1000 x 0.0100) / 2166
 * if (Math.abs(t.effectiveSpread! - 179.26 / 3100) > 1e-12) throw new Error();
 * if (Math.abs(t.improvementPerShare! - 17.2292 / 2166) > 1e-12) throw new Error();
 * ```
 */
export function legacy605Totals(rows: Legacy605Row[], by: Legacy605Dimension[]): Legacy605Total[] {
  const groups = new Map<string, { keys: Partial<Legacy605Total>; s: Float64Array }>();
  for (const r of rows) {
    const keys: Partial<Legacy605Total> = {};
    for (const d of by) (keys as Record<string, unknown>)[d] = r[d];
    const key = by.map((d) => r[d]).join("\u0000");
    let g = groups.get(key);
    if (!g) groups.set(key, g = { keys, s: new Float64Array(18) });
    const s = g.s;
    const executed = r.executedHere + r.executedAway;
    s[0]++;
    s[1] += r.coveredOrders;
    s[2] += r.coveredShares;
    s[3] += r.cancelledShares;
    s[4] += executed;
    s[5] += r.executedAway;
    s[6] += r.executed0to9s;
    if (r.effectiveSpread !== null) {
      s[7] += executed * r.effectiveSpread;
      s[8] += executed;
    }
    if (r.realizedSpread !== null) {
      s[9] += executed * r.realizedSpread;
      s[10] += executed;
    }
    if (r.improvedShares !== null) {
      s[11] += r.improvedShares;
      s[12] += r.improvedShares * (r.improvementPerShare ?? 0);
    }
    if (r.atQuoteShares !== null) s[13] += r.atQuoteShares;
    if (r.outsideShares !== null) {
      s[14] += r.outsideShares;
      s[15] += r.outsideShares * (r.outsidePerShare ?? 0);
    }
  }
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  return [...groups.values()].map(({ keys, s }) => {
    const classified = s[11] + s[13] + s[14];
    return {
      ...keys,
      records: s[0],
      coveredOrders: s[1],
      coveredShares: s[2],
      cancelledShares: s[3],
      executedShares: s[4],
      executedAway: s[5],
      fillRate: ratio(s[4], s[2]),
      within10s: ratio(s[6], s[4]),
      effectiveSpread: ratio(s[7], s[8]),
      realizedSpread: ratio(s[9], s[10]),
      improvedShares: s[11],
      atQuoteShares: s[13],
      outsideShares: s[14],
      improvedShare: ratio(s[11], classified),
      improvementPerShare: ratio(s[12], s[11]),
      outsidePerShare: ratio(s[15], s[14]),
      netImprovementPerShare: ratio(s[12] - s[15], classified),
    };
  });
}
