/**
 * The economics of each party, read off the metrics: where the customer's
 * cost beyond the midpoint goes (per order, per $10,000 traded, per dollar of
 * cost), spreads in basis points of the notional, any statistic of a Monte
 * Carlo run's replications with its 95% interval (plain, or paired between two
 * policies that ran on the same worlds), and scaling a per-order amount to a
 * broker's or an industry's year.
 *
 * Conventions, in plain words:
 * - "Per $10,000" divides by the notional executed at the arrival midpoint,
 *   so it is a dollar-weighted rate: what a $10,000 order pays on average.
 * - Spreads in bps here are dollar-weighted too: the share-weighted spread in
 *   $ per share times the shares, over the notional. (Rule 605's own
 *   `effectiveSpreadBps` in {@linkcode Metrics} averages each order's bps,
 *   share-weighted, so cheap stocks with wide spreads weigh more there.)
 * - A party's gain is measured against the midpoint at the order's arrival,
 *   as the ledger books it; the realized spread at a horizon shows what the
 *   liquidity provider keeps once the price has moved (adverse selection).
 *
 * @module
 */
import pl from "nodejs-polars";
import type { DataFrame } from "nodejs-polars";
import type { Metrics } from "./metrics.ts";
import {
  type Estimate,
  type Group,
  meanInterval,
  type MonteCarloResult,
  replicationValues,
} from "../runs/montecarlo.ts";
import type { DayResult } from "../sim/simulate.ts";
import type { Format } from "../present/display.ts";

/** The parties that receive what the customer pays beyond the midpoint, and their metric. */
export const RECIPIENTS = [
  { party: "broker", metric: "brokerGain" },
  { party: "wholesaler", metric: "wholesalerGain" },
  { party: "venue", metric: "venueGain" },
  { party: "otherSide", metric: "otherSideGain" },
] as const;

/** Plain-English names of the ledger's parties, for tables and charts. */
export const PARTY_LABELS: Record<string, string> = {
  customer: "customer (pays beyond the midpoint)",
  broker: "broker",
  wholesaler: "wholesaler",
  venue: "exchange or ATS operator",
  otherSide: "other side of the trade",
};

/** Fixed colour of each party (Okabe–Ito), the same in every notebook. */
export const PARTY_COLORS: Record<string, string> = {
  customer: "#000000",
  broker: "#0072B2",
  wholesaler: "#E69F00",
  venue: "#009E73",
  otherSide: "#999999",
};

/**
 * A Vega-Lite colour scale with the fixed party colours, for `domain` given
 * as party keys or as their {@linkcode PARTY_LABELS}.
 *
 * @example
 * ```ts
 * import { PARTY_LABELS, partyColorScale } from "./economics.ts";
 * const s = partyColorScale([PARTY_LABELS.broker, "wholesaler"]);
 * if (s.range[0] !== "#0072B2" || s.range[1] !== "#E69F00") throw new Error();
 * ```
 */
export function partyColorScale(domain: string[]): { domain: string[]; range: string[] } {
  const byLabel = Object.fromEntries(
    Object.entries(PARTY_LABELS).map(([k, label]) => [label, PARTY_COLORS[k]]),
  );
  return { domain, range: domain.map((d) => PARTY_COLORS[d] ?? byLabel[d] ?? "#555555") };
}

/** One recipient's share of the customer's cost. */
export interface CostShare {
  /** "broker", "wholesaler", "venue" or "otherSide". */
  party: string;
  /** Its gain, $ (the sum over the orders). */
  amount: number;
  /** Its gain per dollar the customer paid beyond the midpoint (NaN if the customer paid nothing). */
  perDollar: number;
  /** Its gain per $10,000 traded, $. */
  per10k: number;
  /** Its gain per order received, $. */
  perOrder: number;
}

/**
 * Where the customer's cost went: each recipient's gain in $, per dollar of
 * customer cost, per $10,000 traded and per order.
 *
 * @example
 * ```ts
 * import { costSplit } from "./economics.ts";
 * import { deriveMetrics, STATS } from "./metrics.ts";
 * const s = new Float64Array(STATS.length);
 * const at = (name: string, x: number) => (s[STATS.indexOf(name as typeof STATS[number])] = x);
 * at("orders", 2); at("customerCost", 10); at("brokerGain", 3); at("wholesalerGain", 7);
 * at("notional", 100_000);
 * const [broker, wholesaler] = costSplit(deriveMetrics(s));
 * if (broker.perDollar !== 0.3 || wholesaler.per10k !== 0.7 || wholesaler.perOrder !== 3.5) {
 *   throw new Error();
 * }
 * ```
 */
export function costSplit(m: Metrics): CostShare[] {
  return RECIPIENTS.map(({ party, metric }) => ({
    party,
    amount: m[metric],
    perDollar: m.customerCost !== 0 ? m[metric] / m.customerCost : NaN,
    per10k: per10k(m, metric),
    perOrder: perOrder(m, metric),
  }));
}

/**
 * Where the customer's cost went, as a table: for each policy (or group) a row
 * for the customer, one per recipient, and a ledger check (the customer's cost
 * less the four recipients' gains, rounded to the cent: zero when the books
 * balance). Show it with {@linkcode COST_SPLIT_FORMATS} and
 * {@linkcode COST_SPLIT_LABELS}.
 *
 * @example
 * ```ts
 * import { costSplitFrame } from "./economics.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 500, seed: 1 });
 * const df = costSplitFrame([["max-payment", day.metrics.summarize([], { types: [0, 1] })[0]]]);
 * if (df.height !== 6 || df.getColumn("dollars").toArray()[5] !== 0) throw new Error();
 * ```
 */
export function costSplitFrame(rows: [label: string, metrics: Metrics][]): DataFrame {
  const out = rows.flatMap(([policy, m]) => [
    {
      policy,
      party: PARTY_LABELS.customer,
      dollars: m.customerCost,
      perDollar: 1,
      per10k: per10k(m, "customerCost"),
      perOrder: perOrder(m, "customerCost"),
    },
    ...costSplit(m).map((s) => ({
      policy,
      party: PARTY_LABELS[s.party],
      dollars: s.amount,
      perDollar: s.perDollar,
      per10k: s.per10k,
      perOrder: s.perOrder,
    })),
    {
      policy,
      party: "ledger check: customer − the four above",
      dollars: Math.round(ledgerResidual(m) * 100) / 100 + 0,
      perDollar: NaN,
      per10k: NaN,
      perOrder: NaN,
    },
  ]);
  return pl.DataFrame(out);
}

/** Number formats of {@linkcode costSplitFrame}'s columns, for `showTable`. */
export const COST_SPLIT_FORMATS: Record<string, Format> = {
  dollars: "usd",
  perDollar: "pct",
  per10k: "usd2",
  perOrder: "usd2",
};

/** Column headings of {@linkcode costSplitFrame}, for `showTable`. */
export const COST_SPLIT_LABELS: Record<string, string> = {
  dollars: "$ in total",
  perDollar: "per $ the customer pays",
  per10k: "$ per $10,000 traded",
  perOrder: "$ per order",
};

/**
 * Where a day's orders went: for each venue the broker may route to, its
 * kind, the orders and their share, the share of shares, the orders of each
 * type, and the payment for order flow it paid the broker. Show it with
 * {@linkcode ROUTING_FORMATS} and {@linkcode ROUTING_LABELS}.
 *
 * @example
 * ```ts
 * import { routingFrame } from "./economics.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 500, seed: 1 });
 * const df = routingFrame(day);
 * if (df.getColumn("orders").sum() !== 500) throw new Error();
 * ```
 */
export function routingFrame(day: DayResult): DataFrame {
  const cells = day.metrics.summarize(["venue", "type"]);
  const total = day.metrics.summarize([])[0];
  const ids = day.policy.venues ?? day.venues.ids;
  const rows = ids.map((id) => {
    const v = day.venues.venues[day.venues.ids.indexOf(id)];
    const mine = cells.filter((r) => r.venue === id);
    const sum = (f: (r: Metrics & { type?: string }) => number) =>
      mine.reduce((s, r) => s + f(r), 0);
    const ofType = (t: string) => sum((r) => (r.type === t ? r.orders : 0));
    return {
      venue: id,
      kind: v.kind === "wholesaler" && v.affiliated ? "wholesaler (affiliated)" : v.kind,
      orders: sum((r) => r.orders),
      orderShare: sum((r) => r.orders) / total.orders,
      shareShare: sum((r) => r.shares) / total.shares,
      market: ofType("market"),
      marketableLimit: ofType("marketableLimit"),
      nonMarketableLimit: ofType("nonMarketableLimit"),
      payment: sum((r) => r.payment),
    };
  });
  return pl.DataFrame(rows);
}

/** Number formats of {@linkcode routingFrame}'s columns, for `showTable`. */
export const ROUTING_FORMATS: Record<string, Format> = {
  orders: "int",
  orderShare: "pct",
  shareShare: "pct",
  market: "int",
  marketableLimit: "int",
  nonMarketableLimit: "int",
  payment: "usd",
};

/** Column headings of {@linkcode routingFrame}, for `showTable`. */
export const ROUTING_LABELS: Record<string, string> = {
  orderShare: "share of orders",
  shareShare: "share of shares",
  market: "market orders",
  marketableLimit: "marketable limit",
  nonMarketableLimit: "non-marketable limit",
  payment: "PFOF paid to the broker",
};

/**
 * The ledger identity's residual: the customer's cost less what the broker,
 * wholesalers, venues and other sides gained (zero up to rounding).
 *
 * @example
 * ```ts
 * import { ledgerResidual } from "./economics.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "max-payment" }, { orders: 500, seed: 1 });
 * if (Math.abs(ledgerResidual(day.metrics.summarize([])[0])) > 1e-6) throw new Error();
 * ```
 */
export function ledgerResidual(m: Metrics): number {
  return m.customerCost - m.brokerGain - m.wholesalerGain - m.venueGain - m.otherSideGain;
}

/**
 * A metric per order received (`m[metric] / m.orders`).
 *
 * @example
 * ```ts
 * import { perOrder } from "./economics.ts";
 * import { deriveMetrics, STATS } from "./metrics.ts";
 * const s = new Float64Array(STATS.length);
 * s[STATS.indexOf("orders")] = 4;
 * s[STATS.indexOf("payment")] = 1.2;
 * if (Math.abs(perOrder(deriveMetrics(s), "payment") - 0.3) > 1e-12) throw new Error();
 * ```
 */
export function perOrder(m: Metrics, metric: keyof Metrics): number {
  return m.orders > 0 ? m[metric] / m.orders : NaN;
}

/**
 * A metric per $10,000 of notional executed (`m[metric] / m.notional * 10,000`).
 *
 * @example
 * ```ts
 * import { per10k } from "./economics.ts";
 * import { deriveMetrics, STATS } from "./metrics.ts";
 * const s = new Float64Array(STATS.length);
 * s[STATS.indexOf("notional")] = 50_000;
 * s[STATS.indexOf("customerCost")] = 4;
 * if (per10k(deriveMetrics(s), "customerCost") !== 0.8) throw new Error();
 * ```
 */
export function per10k(m: Metrics, metric: keyof Metrics): number {
  return m.notional > 0 ? m[metric] / m.notional * 1e4 : NaN;
}

/** Horizons of {@linkcode spreadBps}, seconds after execution; 0 is the effective spread. */
export const SPREAD_HORIZONS = [0, 1, 15, 60, 300] as const;
/** A horizon of {@linkcode spreadBps}. */
export type SpreadHorizon = typeof SPREAD_HORIZONS[number];

/**
 * The effective spread (horizon 0) or the realized spread `h` seconds after
 * execution, in bps of the notional (dollar-weighted; see the module doc).
 *
 * @example
 * ```ts
 * import { spreadBps } from "./economics.ts";
 * import { deriveMetrics, STATS } from "./metrics.ts";
 * const s = new Float64Array(STATS.length);
 * const at = (name: string, x: number) => (s[STATS.indexOf(name as typeof STATS[number])] = x);
 * // 100 shares at a $100 midpoint: 1¢ effective spread a share, 0.4¢ realized after 5 minutes.
 * at("filledShares", 100); at("notional", 10_000);
 * at("effectiveSpreadSum", 100 * 0.01); at("realized300sSum", 100 * 0.004);
 * const m = deriveMetrics(s);
 * if (Math.abs(spreadBps(m, 0) - 1) > 1e-12 || Math.abs(spreadBps(m, 300) - 0.4) > 1e-12) {
 *   throw new Error();
 * }
 * ```
 */
export function spreadBps(m: Metrics, horizon: SpreadHorizon): number {
  const perShare: Record<SpreadHorizon, number> = {
    0: m.effectiveSpread,
    1: m.realizedSpread1s,
    15: m.realizedSpread15s,
    60: m.realizedSpread60s,
    300: m.realizedSpread300s,
  };
  if (!(SPREAD_HORIZONS as readonly number[]).includes(horizon)) {
    throw new RangeError(`horizon: expected one of ${SPREAD_HORIZONS.join(", ")}, got ${horizon}`);
  }
  return m.notional > 0 ? perShare[horizon] * m.filledShares / m.notional * 1e4 : NaN;
}

/** A mean with its 95% interval, and the per-replication values behind it. */
export interface ReplicationEstimate extends Estimate {
  /** The statistic in each replication, in replication order (NaN where the group had no row). */
  values: number[];
}

/**
 * Any statistic of the metrics (a ratio, a per-order amount, a spread in bps),
 * computed replication by replication, with its mean and 95% interval.
 * `group` selects grouped results (`{}`: the ungrouped totals).
 *
 * @example
 * ```ts
 * import { replicationEstimate } from "./economics.ts";
 * import { deriveMetrics, STATS } from "./metrics.ts";
 * import type { MonteCarloResult } from "../runs/montecarlo.ts";
 * const day = (orders: number, payment: number) => {
 *   const s = new Float64Array(STATS.length);
 *   s[STATS.indexOf("orders")] = orders;
 *   s[STATS.indexOf("payment")] = payment;
 *   return deriveMetrics(s);
 * };
 * const mc: MonteCarloResult = { intervals: [], replications: [
 *   { policy: "p", replication: 0, group: {}, metrics: day(10, 10) },
 *   { policy: "p", replication: 1, group: {}, metrics: day(10, 30) },
 * ] };
 * const e = replicationEstimate(mc, "p", (m) => m.payment / m.orders);
 * if (e.mean !== 2 || e.values[1] !== 3 || !(e.low < 2 && e.high > 2)) throw new Error();
 * ```
 */
export function replicationEstimate(
  result: MonteCarloResult,
  policy: string,
  f: (m: Metrics) => number,
  group: Group = {},
): ReplicationEstimate {
  const values = replicationValues(result, policy, f, group);
  const { mean, low, high } = meanInterval(values);
  return { mean, low, high, values };
}

/**
 * The paired difference `f(alternative) - f(baseline)`, replication by
 * replication (both policies ran on the same worlds, so most of the noise
 * cancels), with its mean and 95% interval.
 *
 * @example
 * ```ts
 * import { pairedEstimate } from "./economics.ts";
 * import { monteCarlo } from "../runs/montecarlo.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * // Today's scorecard spreads marketable orders over wholesalers that improve
 * // less than the best one: it costs customers more than best execution.
 * const mc = monteCarlo(defaultScenario(), [{ kind: "best-execution" }, { kind: "scorecard" }],
 *   { orders: 2000, seed: 1, replications: 3, types: [0, 1] });
 * const extra = pairedEstimate(mc, "best-execution", "scorecard", (m) => m.customerCost / m.orders);
 * if (!(extra.low > 0)) throw new Error("the scorecard should cost customers more");
 * ```
 */
export function pairedEstimate(
  result: MonteCarloResult,
  baseline: string,
  alternative: string,
  f: (m: Metrics) => number,
  group: Group = {},
): ReplicationEstimate {
  const a = replicationValues(result, baseline, f, group);
  const b = replicationValues(result, alternative, f, group);
  const values = b.map((x, i) => x - a[i]);
  const { mean, low, high } = meanInterval(values);
  return { mean, low, high, values };
}

/**
 * Scales a per-order amount (an estimate with its interval) to a year:
 * `amount × ordersPerDay × tradingDays`.
 *
 * @example
 * ```ts
 * import { annualize } from "./economics.ts";
 * // The source document's arithmetic: $1.20 an order, 10 million orders a day, 252 days.
 * const year = annualize({ mean: 1.2, low: 1.2, high: 1.2 }, 10_000_000);
 * if (Math.abs(year.mean - 3.024e9) > 1e-3) throw new Error(String(year.mean));
 * ```
 */
export function annualize(
  perOrderAmount: Estimate,
  ordersPerDay: number,
  tradingDays = 252,
): Estimate {
  if (!(Number.isFinite(ordersPerDay) && ordersPerDay >= 0)) {
    throw new RangeError(`ordersPerDay: expected a non-negative number, got ${ordersPerDay}`);
  }
  if (!(Number.isFinite(tradingDays) && tradingDays >= 0)) {
    throw new RangeError(`tradingDays: expected a non-negative number, got ${tradingDays}`);
  }
  const k = ordersPerDay * tradingDays;
  return {
    mean: perOrderAmount.mean * k,
    low: perOrderAmount.low * k,
    high: perOrderAmount.high * k,
  };
}
