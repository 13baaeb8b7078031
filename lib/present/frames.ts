/**
 * Results as nodejs-polars DataFrames. Per-order frames are built straight
 * from the typed-array columns (no JavaScript object per row); names of
 * venues, tiers and order types come from small lookup frames joined on the
 * integer codes.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { DataFrame } from "nodejs-polars";
import { ORDER_TYPES, SIZE_BUCKETS } from "../sim/flow.ts";
import { TIERS } from "../sim/securities.ts";
import { MARKOUT_HORIZONS } from "../sim/market.ts";
import type { DayResult } from "../sim/simulate.ts";
import { METRIC_NAMES, type MetricsRow } from "../analysis/metrics.ts";
import type { IntervalRow } from "../runs/montecarlo.ts";
import { policyLabel } from "../sim/routing.ts";
import type { Scenario } from "../sim/scenario.ts";

// nodejs-polars builds a Series straight from a typed array; its typings only
// declare plain arrays, hence the cast.
// deno-lint-ignore no-explicit-any
function series(name: string, values: ArrayLike<number>, dtype: any) {
  return pl.Series(name, values as unknown as number[], dtype);
}

function lookup(code: string, name: string, values: readonly string[]): DataFrame {
  return pl.DataFrame({
    [code]: series(code, values.map((_, i) => i), pl.UInt8),
    [name]: values as string[],
  });
}

/**
 * One row per order: arrival, security, tier, side, size, type, routed and
 * executing venue, fill, price, improvement, latency, payment, fees, ledger
 * and markouts.
 *
 * @example
 * ```ts
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { ordersFrame } from "./frames.ts";
 * const day = simulateDay(defaultScenario(), { kind: "best-execution" }, { orders: 100, seed: 1 });
 * const df = ordersFrame(day);
 * if (df.height !== 100 || !df.columns.includes("venue")) throw new Error();
 * ```
 */
export function ordersFrame(day: DayResult): DataFrame {
  const { orders: o, outcomes: r, ledger: l, universe: u } = day;
  const tier = new Uint8Array(o.count);
  for (let i = 0; i < o.count; i++) tier[i] = u.tier[o.security[i]];
  const columns: Record<string, unknown> = {
    time: o.time,
    security: series("security", o.security, pl.UInt16),
    tierCode: series("tierCode", tier, pl.UInt8),
    side: series("side", o.side, pl.Int8),
    size: series("size", o.size, pl.UInt32),
    typeCode: series("typeCode", o.type, pl.UInt8),
    informed: series("informed", o.informed, pl.UInt8),
    venueCode: series("venueCode", r.venue, pl.UInt8),
    execVenueCode: series("execVenueCode", r.execVenue, pl.UInt8),
    expectedCost: day.routes.expectedCost,
    expectedRevenue: day.routes.expectedRevenue,
    filled: series("filled", r.filled, pl.UInt32),
    price: r.price,
    arrivalMid: r.arrivalMid,
    arrivalSpread: r.arrivalSpread,
    limitPrice: r.limitPrice,
    latencyMs: r.latencyMs,
    priceImprovement: r.priceImprovement,
    payment: r.payment,
    brokerFee: r.brokerFee,
    customerCost: l.customerCost,
    brokerGain: l.broker,
    wholesalerGain: l.wholesaler,
    venueGain: l.venue,
    otherSideGain: l.otherSide,
    tradedThrough: series("tradedThrough", r.tradedThrough, pl.UInt8),
    opportunityCost: r.opportunityCost,
  };
  MARKOUT_HORIZONS.forEach((h, k) => (columns[`mid${h}s`] = r.markout[k]));
  const venues = day.venues.ids;
  return pl.DataFrame(columns)
    .join(lookup("tierCode", "tier", TIERS), { on: "tierCode", how: "left" })
    .join(lookup("typeCode", "type", ORDER_TYPES), { on: "typeCode", how: "left" })
    .join(lookup("venueCode", "venue", venues), { on: "venueCode", how: "left" })
    .join(lookup("execVenueCode", "execVenue", venues), { on: "execVenueCode", how: "left" })
    .drop(["tierCode", "typeCode", "venueCode", "execVenueCode"])
    .withColumn(pl.lit(policyLabel(day.policy)).alias("policy"));
}

/**
 * Summary rows (from `MetricsAccumulator.summarize`) as a frame; `extra`
 * columns (such as the policy) are added to every row.
 *
 * @example
 * ```ts
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { metricsFrame } from "./frames.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 500, seed: 1 });
 * const df = metricsFrame(day.metrics.summarize(["venue"]), { policy: "max-payment" });
 * if (df.getColumn("orders").sum() !== 500) throw new Error();
 * ```
 */
export function metricsFrame(
  rows: MetricsRow[],
  extra: Record<string, string> = {},
): DataFrame {
  const keys = (["venue", "type", "sizeBucket", "tier"] as const).filter((k) =>
    rows.some((r) => r[k] !== undefined)
  );
  const columns: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(extra)) columns[name] = rows.map(() => value);
  for (const k of keys) columns[k] = rows.map((r) => r[k] ?? "");
  for (const m of METRIC_NAMES) columns[m] = Float64Array.from(rows, (r) => r[m]);
  return pl.DataFrame(columns);
}

/**
 * Monte Carlo intervals as a tidy frame: policy, group keys, metric, mean,
 * low, high, sd, replications.
 *
 * @example
 * ```ts
 * import { monteCarlo } from "../runs/montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { intervalsFrame } from "./frames.ts";
 * const mc = monteCarlo(defaultScenario(), [{ kind: "best-execution" }], { orders: 500, seed: 1, replications: 2 });
 * const df = intervalsFrame(mc.intervals);
 * if (!df.columns.includes("low")) throw new Error();
 * ```
 */
export function intervalsFrame(rows: IntervalRow[]): DataFrame {
  const keys = (["venue", "type", "sizeBucket", "tier"] as const).filter((k) =>
    rows.some((r) => r.group[k] !== undefined)
  );
  const columns: Record<string, unknown> = { policy: rows.map((r) => r.policy) };
  for (const k of keys) columns[k] = rows.map((r) => r.group[k] ?? "");
  columns.metric = rows.map((r) => r.metric);
  for (const c of ["mean", "low", "high", "sd"] as const) {
    columns[c] = Float64Array.from(rows, (r) => r[c]);
  }
  columns.replications = Int32Array.from(rows, (r) => r.replications);
  return pl.DataFrame(columns);
}

/** Labels of the size buckets, in order (for sorting tables and charts). */
export const SIZE_BUCKET_LABELS: string[] = SIZE_BUCKETS.map((b) => b.label);

/**
 * The venues of a scenario, one row each: kind, fees, payment on S&P 500
 * market orders, mean price improvement (probability x share of spread),
 * size guarantee, median latency and whether the broker routes there.
 *
 * @example
 * ```ts
 * import { defaultScenario } from "../sim/scenario.ts";
 * import { venuesFrame } from "./frames.ts";
 * const df = venuesFrame(defaultScenario());
 * if (df.height !== defaultScenario().venues.length) throw new Error();
 * ```
 */
export function venuesFrame(scenario: Scenario): DataFrame {
  const vs = scenario.venues;
  return pl.DataFrame({
    venue: vs.map((v) => v.id),
    kind: vs.map((
      v,
    ) => (v.kind === "wholesaler" && v.affiliated ? "wholesaler (affiliated)" : v.kind)),
    takeFee: vs.map((v) => (v.kind === "lit" ? v.takeFee : NaN)),
    makeRebate: vs.map((v) => (v.kind === "lit" ? v.makeRebate : NaN)),
    paymentSp500Market: vs.map((v) =>
      v.kind === "wholesaler"
        ? v.paymentPerShare.sp500.market
        : v.kind === "dark"
        ? v.paymentPerShare
        : 0
    ),
    meanImprovement: vs.map((v) => {
      if (v.kind !== "wholesaler" || v.priceImprovement.model !== "fixed") return NaN;
      return v.priceImprovement.probability * v.priceImprovement.shareOfSpread;
    }),
    improvement: vs.map((v) => {
      if (v.kind === "auction") return "auction: second-best bid";
      if (v.kind !== "wholesaler") return "";
      const pi = v.priceImprovement;
      return pi.model === "surplus"
        ? `competitive: margin ${pi.marginHalfSpreads.toFixed(3)} half-spreads, cost ${
          (pi.costPerShare * 100).toFixed(2)
        }¢ a share`
        : `fixed: ${(pi.probability * pi.shareOfSpread * 100).toFixed(1)}% of spread`;
    }),
    medianLatencyMs: vs.map((v) => v.latency.medianMs),
    routable: vs.map((v) => (scenario.broker.venues.includes(v.id) ? "yes" : "no")),
  });
}
