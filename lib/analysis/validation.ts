/**
 * The model's default outputs beside published findings.
 *
 * `data/calibration/evidence.json` lists published findings, each with its
 * source, grade, published value or interval (and whether that interval is
 * published or a band of ours around a published point), the name of the
 * model statistic that corresponds to it, the broker whose world it is
 * measured in (the market's retail flow as a whole when none), and the reason
 * the model misses it when it does. Findings with role `fit` are the targets
 * the fitting routine (`lib/calibration/fit.ts`) uses or inputs set by construction;
 * findings with role `validation` were not fitted to, so they test the model
 * out of sample.
 *
 * {@linkcode runValidation} simulates the calibrated scenario over several
 * seeds under the status quo, best execution, an order-by-order auction and
 * the same orders sent to the exchanges only (and, optionally, the status quo
 * with larger payments), all on the same orders; and each broker's world
 * (`withBroker`) under the broker's own routing. {@linkcode validationTable}
 * computes each finding's statistic seed by seed and reports its mean with a
 * 95% interval across the seeds, whether the mean falls inside the published
 * interval, by how much it misses and why. Amounts "a year" scale the
 * simulated day's per-share amounts to the retail shares wholesalers execute
 * in a year (`calibrationScale`).
 *
 * The headline outputs (`HEADLINES` of `headlines.ts`) are the four numbers
 * the sensitivity analysis follows: the customer's cost per $10,000 traded,
 * price improvement as a % of the quoted spread, payments a year, and the
 * auction's gain over the status quo a year, each computed by the market's
 * headline rule. The regression
 * guards ({@linkcode guardRanges}) keep them, and a few other findings'
 * model values, inside ranges taken from the sources.
 *
 * @module
 */
import { z } from "zod";
import { parseWith } from "../sim/validate.ts";
import {
  type Calibration,
  calibrationPolicies,
  calibrationScale,
  calibrationScenario,
  type MarketScale,
} from "../calibration/calibration.ts";
import { type DayResult, runPolicy } from "../sim/simulate.ts";
import { LIT, WHOLESALER } from "../sim/venues.ts";
import { WorldCache } from "../runs/worlds.ts";
import { type Estimate, meanInterval } from "../runs/montecarlo.ts";
import { FIT_STATISTICS } from "../calibration/fit.ts";
import type { Scenario } from "../sim/scenario.ts";
import type { PolicyInput } from "../sim/policy.ts";
import { brokerProfiles, MARKET_BROKER, withBroker } from "../sim/brokers.ts";
import {
  auctionGainPerYearBn,
  headlineEstimates,
  type HeadlineId,
  HEADLINES,
  marketableCostPer10k,
  paymentsPerYearBn,
  perYearBn,
  piShareOfSpread,
} from "./headlines.ts";
import {
  marketOrderHhi,
  paymentCentsPerShare,
  rankCorrelation,
  SCHWARZ_ACCOUNTS,
  SMALL_ORDER_MAX_NOTIONAL,
  smallOrderPiShare,
} from "./brokerstudy.ts";
import evidenceJson from "../../data/calibration/evidence.json" with { type: "json" };
import { MARKET, MARKETABLE_TYPES, NON_MARKETABLE_LIMIT } from "../sim/flow.ts";
import { informationImpactBps } from "./impact.ts";

/** One published finding. */
export const FindingSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  role: z.enum(["fit", "validation"]),
  finding: z.string().min(1),
  source: z.string().min(20),
  grade: z.enum(["V1", "V2", "V3", "V4"]),
  value: z.number().nullable(),
  low: z.number(),
  high: z.number(),
  unit: z.string().min(1),
  statistic: z.string().min(1),
  headline: z.enum(HEADLINES.map((h) => h.id) as [HeadlineId, ...HeadlineId[]]).optional(),
  /** Whether low and high are published (`published`) or a band of ours around a published point. */
  band: z.enum(["published", "ours"]),
  /** The broker profile whose world the statistic is measured in (the market's when absent). */
  broker: z.string().optional(),
  /** Why the model misses the finding, for when it does (shown only then). */
  why: z.string().optional(),
  note: z.string().optional(),
}).refine((f) => f.low <= f.high && (f.value === null || (f.low <= f.value && f.value <= f.high)), {
  message: "the published value must lie within [low, high]",
});
/** A published finding. */
export type Finding = z.infer<typeof FindingSchema>;

/**
 * The range a headline output, or a finding's model value, must stay in (the
 * regression guard): a finding's published interval, widened by `tolerance`
 * (a share of each end) where the model is documented to miss, or an
 * explicit sourced envelope. A guard without a headline guards its finding's
 * model value.
 */
export const GuardSchema = z.object({
  headline: z.enum(HEADLINES.map((h) => h.id) as [HeadlineId, ...HeadlineId[]]).optional(),
  finding: z.string().optional(),
  low: z.number().optional(),
  high: z.number().optional(),
  tolerance: z.number().min(0).max(1).default(0),
  /**
   * Multiplies the finding's interval into the headline's unit (100: a
   * finding given as a share guards a headline in %).
   */
  scale: z.number().positive().default(1),
  source: z.string().min(20),
}).refine((g) => g.finding !== undefined || (g.low !== undefined && g.high !== undefined), {
  message: "a guard names a finding or gives low and high",
}).refine((g) => g.headline !== undefined || g.finding !== undefined, {
  message: "a guard names a headline output or a finding",
});
/** A guard of a headline output or of a finding's model value. */
export type Guard = z.infer<typeof GuardSchema>;

const EvidenceFileSchema = z.object({
  findings: z.array(FindingSchema).min(1),
  guards: z.array(GuardSchema).default([]),
});

/**
 * The guards of `data/calibration/evidence.json` as ranges: each guarded
 * headline's or finding's low and high, from its finding (widened by the
 * tolerance) or its envelope.
 *
 * @example
 * ```ts
 * import { guardRanges } from "./validation.ts";
 * const g = guardRanges();
 * if (!g.every((x) => x.low < x.high) || g.filter((x) => x.headline).length !== 4) {
 *   throw new Error();
 * }
 * ```
 */
export function guardRanges(): (Guard & { low: number; high: number })[] {
  const file = parseWith(EvidenceFileSchema, structuredClone(evidenceJson), EVIDENCE_SOURCE);
  return file.guards.map((g) => {
    const f = g.finding === undefined ? undefined : file.findings.find((x) => x.id === g.finding);
    if (g.finding !== undefined && !f) {
      throw new RangeError(`guard ${g.headline ?? g.finding}: unknown finding "${g.finding}"`);
    }
    if (!f || (g.low !== undefined && g.high !== undefined)) {
      return { ...g, low: g.low!, high: g.high! };
    }
    return {
      ...g,
      low: (f.low - g.tolerance * Math.abs(f.low)) * g.scale,
      high: (f.high + g.tolerance * Math.abs(f.high)) * g.scale,
    };
  });
}

const EVIDENCE_SOURCE = "data/calibration/evidence.json";

/**
 * The published findings of `data/calibration/evidence.json`, validated.
 *
 * @example
 * ```ts
 * import { loadEvidence } from "./validation.ts";
 * const findings = loadEvidence();
 * if (!findings.some((f) => f.role === "fit") || !findings.some((f) => f.role === "validation")) {
 *   throw new Error();
 * }
 * ```
 */
export function loadEvidence(): Finding[] {
  return parseWith(EvidenceFileSchema, structuredClone(evidenceJson), EVIDENCE_SOURCE).findings;
}

/** The days of one seed: the same orders under each policy, and each broker's day. */
export interface SeedDays {
  /** Today's routing. */
  statusQuo: DayResult;
  /** Best execution among today's venues (absent in a headline-only run). */
  bestExecution?: DayResult;
  /** The order-by-order auction. */
  auction: DayResult;
  /** The same orders routed by best execution among the exchanges only (absent in a headline-only run). */
  exchanges?: DayResult;
  /** The status quo with every wholesaler's payments scaled by {@linkcode PAYMENT_VARIANT} (when asked for). */
  morePayment?: DayResult;
  /**
   * Each broker's world under its own routing, by profile id (the market's
   * own profile is {@linkcode SeedDays.statusQuo}); absent in a headline-only
   * run.
   */
  brokers?: Record<string, DayResult>;
}

/** The factor on wholesalers' payments of the variant that measures how price improvement responds. */
export const PAYMENT_VARIANT = 1.5;

/**
 * A scenario with every third-party wholesaler's payment schedule scaled by
 * `factor`.
 *
 * @example
 * ```ts
 * import { scaleWholesalerPayments } from "./validation.ts";
 * import { calibratedScenario } from "../calibration/calibration.ts";
 * const s = calibratedScenario();
 * const more = scaleWholesalerPayments(s, 2);
 * const a = s.venues.find((v) => v.id === "WH-A")!, b = more.venues.find((v) => v.id === "WH-A")!;
 * if (a.kind !== "wholesaler" || b.kind !== "wholesaler") throw new Error();
 * if (Math.abs(b.paymentPerShare.sp500.market - 2 * a.paymentPerShare.sp500.market) > 1e-15) throw new Error();
 * ```
 */
export function scaleWholesalerPayments(scenario: Scenario, factor: number): Scenario {
  const copy = structuredClone(scenario);
  for (const v of copy.venues) {
    if (v.kind !== "wholesaler" || v.affiliated) continue;
    for (const tier of Object.values(v.paymentPerShare)) {
      for (const type of Object.keys(tier) as (keyof typeof tier)[]) tier[type] *= factor;
    }
  }
  return copy;
}

/** A validation run: the calibrated scenario's days on several seeds. */
export interface ValidationRun {
  /** The scenario simulated. */
  scenario: Scenario;
  /** The market scale used for amounts a year. */
  scale: MarketScale;
  /** Orders per day. */
  orders: number;
  /** Seeds, one day each. */
  seeds: number[];
  /** The days, seed by seed. */
  days: SeedDays[];
}

/** Options of {@linkcode runValidation}. */
export interface ValidationOptions {
  /** Orders per simulated day (each broker's day has as many). */
  orders: number;
  /** Seeds (one day each; at least 2 for intervals). */
  seeds: number[];
  /** Also run the status quo with wholesalers' payments scaled (needed by `pfofPiSlope`). */
  paymentVariant?: boolean;
  /** Only what the headline outputs need: leave best execution, the exchanges and the brokers out. */
  headlineOnly?: boolean;
  /** Also run each broker's world (default: unless `headlineOnly`). */
  brokers?: boolean;
  /** Shared quotes and orders. */
  cache?: WorldCache;
}

/**
 * Simulates the calibration's scenario under the status quo, best execution,
 * the auction and the exchanges only (and the status quo with larger
 * payments, when asked), on the same orders, and each broker's world under
 * its own routing, for each seed.
 *
 * @example
 * ```ts
 * import { runValidation } from "./validation.ts";
 * import { loadCalibration } from "../calibration/calibration.ts";
 * const run = runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2] });
 * const d = run.days[0];
 * if (d.statusQuo.orders !== d.auction.orders || !d.brokers?.["robinhood"]) throw new Error();
 * ```
 */
export function runValidation(cal: Calibration, options: ValidationOptions): ValidationRun {
  if (options.seeds.length < 1) throw new RangeError("seeds: expected at least one seed");
  const scenario = calibrationScenario(cal);
  const policies = calibrationPolicies(cal);
  const cache = options.cache ?? new WorldCache();
  const more = options.paymentVariant ? scaleWholesalerPayments(scenario, PAYMENT_VARIANT) : null;
  const full = !options.headlineOnly;
  const exchanges = scenario.venues.filter((v) => v.kind === "lit").map((v) => v.id);
  const brokers = (options.brokers ?? full)
    ? brokerProfiles().filter((b) => b.id !== MARKET_BROKER).map((b) => withBroker(scenario, b))
    : [];
  const days = options.seeds.map((seed): SeedDays => {
    const world = cache.world(scenario, { orders: options.orders, seed });
    return {
      statusQuo: runPolicy(world, policies.statusQuo),
      bestExecution: full ? runPolicy(world, policies.bestExecution) : undefined,
      auction: runPolicy(world, policies.auction),
      exchanges: full
        ? runPolicy(world, { kind: "best-execution", venues: exchanges, label: "exchanges only" })
        : undefined,
      morePayment: more
        ? runPolicy(cache.world(more, { orders: options.orders, seed }), policies.statusQuo)
        : undefined,
      brokers: brokers.length > 0
        ? Object.fromEntries(brokers.map((b) => [
          b.broker.id,
          runPolicy(cache.world(b, { orders: options.orders, seed }), ownPolicy(b)),
        ]))
        : undefined,
    };
  });
  return {
    scenario,
    scale: calibrationScale(cal),
    orders: options.orders,
    seeds: options.seeds,
    days,
  };
}

/** A broker's own routing. */
function ownPolicy(s: Scenario): PolicyInput {
  return s.broker.policy === "scorecard" ? { kind: "scorecard" } : { kind: "best-execution" };
}

/**
 * The day of broker `broker` in a seed's days: the status quo for the
 * market's own profile (or none named), else the broker's own day.
 *
 * @example
 * ```ts
 * import { brokerDay, runValidation } from "./validation.ts";
 * import { loadCalibration } from "../calibration/calibration.ts";
 * const [d] = runValidation(loadCalibration(), { orders: 1000, seeds: [1] }).days;
 * if (brokerDay(d) !== d.statusQuo || brokerDay(d, "fidelity").scenario.broker.id !== "fidelity") {
 *   throw new Error();
 * }
 * ```
 */
export function brokerDay(days: SeedDays, broker?: string): DayResult {
  if (broker === undefined || broker === MARKET_BROKER) return days.statusQuo;
  const day = days.brokers?.[broker];
  if (!day) {
    throw new RangeError(
      `broker "${broker}": not in this run (run the validation with brokers, and a known profile)`,
    );
  }
  return day;
}

/** Per-order filter of a statistic. */
interface Filter {
  types: readonly number[];
  minSize?: number;
  maxSize?: number;
  wholesalersOnly?: boolean;
  exchangesOnly?: boolean;
  tier?: number;
  maxNotional?: number;
}

function keep(day: DayResult, i: number, f: Filter): boolean {
  const { orders: o, outcomes: r } = day;
  if (!f.types.includes(o.type[i]) || r.filled[i] === 0) return false;
  if (o.size[i] < (f.minSize ?? 0) || o.size[i] > (f.maxSize ?? Infinity)) return false;
  if (f.wholesalersOnly && day.venues.kind[r.execVenue[i]] !== WHOLESALER) return false;
  if (f.exchangesOnly && day.venues.kind[r.execVenue[i]] !== LIT) return false;
  if (f.tier !== undefined && day.universe.tier[o.security[i]] !== f.tier) return false;
  if (f.maxNotional !== undefined && o.size[i] * r.arrivalMid[i] > f.maxNotional) return false;
  return true;
}

/** Share-weighted sums of price improvement, quoted spread, effective spread and notional. */
function sums(day: DayResult, f: Filter) {
  const { orders: o, outcomes: r } = day;
  let shares = 0, pi = 0, quoted = 0, effective = 0, notional = 0;
  for (let i = 0; i < o.count; i++) {
    if (!keep(day, i, f)) continue;
    const q = r.filled[i];
    shares += q;
    pi += q * r.priceImprovement[i];
    quoted += q * r.arrivalSpread[i];
    effective += q * 2 * o.side[i] * (r.price[i] - r.arrivalMid[i]);
    notional += q * r.arrivalMid[i];
  }
  return { shares, pi, quoted, effective, notional };
}

const covered = { types: MARKETABLE_TYPES };
/** Rule 605's legacy covered orders: market and marketable limit orders of 100-9,999 shares. */
const legacy605 = { types: MARKETABLE_TYPES, minSize: 100, maxSize: 9999 };

function need<T>(x: T | undefined, what: string): T {
  if (x === undefined) throw new RangeError(`${what}: not in this run (a headline-only run?)`);
  return x;
}

/** The six accounts' small-order price improvement, in the order of {@linkcode SCHWARZ_ACCOUNTS}. */
function schwarzPi(d: SeedDays): number[] {
  return SCHWARZ_ACCOUNTS.map((id) => smallOrderPiShare(brokerDay(d, id)));
}

/**
 * A statistic of a seed's days: the days, the market scale, and the broker
 * whose world it is measured in (the market's when absent; statistics that
 * compare brokers or policies ignore it).
 */
export type SeedStatistic = (days: SeedDays, scale: MarketScale, broker?: string) => number;

/** Model statistics of validation findings, computed from one seed's days. */
export const VALIDATION_STATISTICS: Record<string, SeedStatistic> = {
  /**
   * Price improvement over the quoted spread at arrival, mean over filled
   * market orders of at most $500 (the experiments' small orders), in the
   * broker's world under its own routing.
   */
  piShareSmallMarket: (d, _s, b) => smallOrderPiShare(brokerDay(d, b)),
  /** Order-weighted mean cost against the midpoint, bps, market orders of at most $500. */
  costSmallMarketBps: (d, _s, b) => {
    const day = brokerDay(d, b);
    const { orders: o, outcomes: r } = day;
    const f = { types: [MARKET], maxNotional: SMALL_ORDER_MAX_NOTIONAL };
    let total = 0, n = 0;
    for (let i = 0; i < o.count; i++) {
      if (!keep(day, i, f)) continue;
      total += o.side[i] * (r.price[i] - r.arrivalMid[i]) / r.arrivalMid[i] * 1e4;
      n++;
    }
    return total / n;
  },
  /**
   * Change in price improvement per share for each extra dollar of payment per
   * share, S&P 500 market orders of up to 1,999 shares (inside every size
   * guarantee), when every wholesaler pays {@linkcode PAYMENT_VARIANT} times as much.
   */
  pfofPiSlope: (d) => {
    if (!d.morePayment) return NaN;
    const at = (day: DayResult) => {
      const f = { types: [MARKET], tier: 0, maxSize: 1999, wholesalersOnly: true };
      const s = sums(day, f);
      let pay = 0;
      for (let i = 0; i < day.orders.count; i++) {
        if (keep(day, i, f)) pay += day.outcomes.payment[i];
      }
      return [pay / s.shares, s.pi / s.shares];
    };
    const [p0, pi0] = at(d.statusQuo);
    const [p1, pi1] = at(d.morePayment);
    return (pi1 - pi0) / (p1 - p0);
  },
  /** Status quo all-in cost less the auction's, covered orders, $bn a year. */
  auctionSavingsBn: (d, scale) => auctionGainPerYearBn(d.statusQuo, d.auction, scale),
  /** Status quo all-in cost less the auction's, covered orders, bps of the status quo's notional. */
  auctionSavingsBps: (d) => {
    const sq = d.statusQuo.metrics.summarize([], covered)[0];
    const au = d.auction.metrics.summarize([], covered)[0];
    return (sq.allInCost - au.allInCost) / sq.notional * 1e4;
  },
  /** Payment for order flow (all order types), $bn a year. */
  pfofTotalBn: (d, scale) => paymentsPerYearBn(d.statusQuo, scale),
  /** Price improvement of wholesalers' covered orders of 100-9,999 shares, $bn a year. */
  wholesalerPiBn: (d, scale) => {
    const s = sums(d.statusQuo, { ...legacy605, wholesalersOnly: true });
    return perYearBn(d.statusQuo, s.pi, scale);
  },
  /**
   * Price improvement as Dyhrberg, Shkilko and Werner measure it: quoted
   * less effective spread over the quoted spread, share weighted (1 − E/Q,
   * twice the per-side improvement over the spread), wholesalers' covered
   * orders of 100-9,999 shares.
   */
  wholesalerPiShare: (d) => {
    const s = sums(d.statusQuo, { ...legacy605, wholesalersOnly: true });
    return 1 - s.effective / s.quoted;
  },
  /** The same, S&P 500 stocks only. */
  wholesalerPiShareSp500: (d) => {
    const s = sums(d.statusQuo, { ...legacy605, wholesalersOnly: true, tier: 0 });
    return 1 - s.effective / s.quoted;
  },
  /**
   * Five-minute price impact (effective minus realized spread), bps of the
   * midpoint, dollar weighted, of wholesalers' covered S&P 500 orders of
   * 100-9,999 shares: the part the orders' information caused
   * ({@linkcode informationImpactBps}), which is what a study of years of
   * 605 files estimates; a few simulated days of measured markouts would
   * bury it in the market's noise.
   */
  wholesalerImpactBpsSp500: (d) => {
    const day = d.statusQuo;
    const f = { ...legacy605, wholesalersOnly: true, tier: 0 };
    let impact = 0, dollars = 0;
    for (let i = 0; i < day.orders.count; i++) {
      if (!keep(day, i, f)) continue;
      const notional = day.outcomes.filled[i] * day.outcomes.arrivalMid[i];
      impact += notional * informationImpactBps(day, i);
      dollars += notional;
    }
    return impact / dollars;
  },
  /** E/Q (share weighted) of wholesalers' covered orders of 100-9,999 shares. */
  wholesalerEq: (d) => {
    const s = sums(d.statusQuo, { ...legacy605, wholesalersOnly: true });
    return s.effective / s.quoted;
  },
  /**
   * Price improvement as Dyhrberg, Shkilko and Werner measure it (1 − E/Q,
   * share weighted) of covered orders of 100-9,999 shares executed on the
   * exchanges, when the same orders are routed among the exchanges only.
   */
  exchangePiShare: (d) => {
    const s = sums(need(d.exchanges, "exchanges"), { ...legacy605, exchangesOnly: true });
    return 1 - s.effective / s.quoted;
  },
  /** E/Q of the same exchange executions. */
  exchangeEq: (d) => {
    const s = sums(need(d.exchanges, "exchanges"), { ...legacy605, exchangesOnly: true });
    return s.effective / s.quoted;
  },
  /**
   * Customer cost of covered orders under the status quo (almost all at
   * wholesalers) less their cost routed among the exchanges only, bps of the
   * notional executed: positive when off-exchange execution is dearer.
   */
  offExchangeCostGapBps: (d) => {
    const sq = d.statusQuo.metrics.summarize([], covered)[0];
    const ex = need(d.exchanges, "exchanges").metrics.summarize([], covered)[0];
    return sq.customerCostBps - ex.customerCostBps;
  },
  /** E/Q of covered orders of 1-99 shares, in the broker's world. */
  oddLotEq: (d, _s, b) => {
    const s = sums(brokerDay(d, b), { types: MARKETABLE_TYPES, minSize: 1, maxSize: 99 });
    return s.effective / s.quoted;
  },
  /** Price improvement per 100 shares, covered orders of 1-99 shares, in the broker's world, $. */
  oddLotPiPer100: (d, _s, b) => {
    const s = sums(brokerDay(d, b), { types: MARKETABLE_TYPES, minSize: 1, maxSize: 99 });
    return s.pi / s.shares * 100;
  },
  /** Share of executed shares of covered orders with price improvement, in the broker's world. */
  improvedShare: (d, _s, b) => brokerDay(d, b).metrics.summarize([], covered)[0].priceImprovedShare,
  /** Concentration (HHI) of the venues the broker routes its market orders to. */
  marketOrderHhi: (d, _s, b) => marketOrderHhi(brokerDay(d, b)),
  /** Payment per executed share of covered orders, in the broker's world, cents. */
  paymentCentsPerShare: (d, _s, b) => paymentCentsPerShare(brokerDay(d, b)),
  /**
   * Rank correlation across Schwarz et al.'s six accounts between the payment
   * per share each broker receives and its small-order price improvement.
   */
  schwarzPfofPiRankCorrelation: (d) =>
    rankCorrelation(
      SCHWARZ_ACCOUNTS.map((id) => paymentCentsPerShare(brokerDay(d, id))),
      schwarzPi(d),
    ),
  /** Highest less lowest small-order price improvement across the six accounts (share of spread). */
  schwarzPiRange: (d) => {
    const pi = schwarzPi(d);
    return Math.max(...pi) - Math.min(...pi);
  },
  /** Price improvement over notional, wholesalers' covered orders, bps. */
  piBps: (d) => {
    const s = sums(d.statusQuo, { types: MARKETABLE_TYPES, wholesalersOnly: true });
    return s.pi / s.notional * 1e4;
  },
  /** Fill rate of non-marketable limits, status quo less best execution. */
  bcjFillDifference: (d) => {
    const rate = (day: DayResult) =>
      day.metrics.summarize([], { types: [NON_MARKETABLE_LIMIT] })[0].fillRate;
    return rate(d.statusQuo) - rate(need(d.bestExecution, "bestExecution"));
  },
  /** Mean notional of an order at arrival (all orders), $. */
  expectedOrderNotional: (d) => {
    const { orders: o, outcomes: r } = d.statusQuo;
    let total = 0;
    for (let i = 0; i < o.count; i++) total += o.size[i] * r.arrivalMid[i];
    return total / o.count;
  },
  /** Customer cost per $10,000 traded, covered orders, status quo. */
  costPer10k: (d) => marketableCostPer10k(d.statusQuo),
  /**
   * Price improvement over the quoted spread at arrival, mean over covered
   * orders (each order counts once, as in the experiments that send small
   * orders to several brokers), status quo.
   */
  piShareOfSpread: (d) => piShareOfSpread(d.statusQuo),
};

/** A statistic of a validation run: mean, 95% interval across seeds, and the values. */
export interface StatisticEstimate extends Estimate {
  /** The statistic seed by seed. */
  values: number[];
}

/**
 * A statistic (from {@linkcode VALIDATION_STATISTICS} or the fit's
 * statistics) seed by seed, in broker `broker`'s world (the market's when
 * absent), with its mean and 95% interval.
 *
 * @example
 * ```ts
 * import { runValidation, statisticEstimate } from "./validation.ts";
 * import { loadCalibration } from "../calibration/calibration.ts";
 * const run = runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2] });
 * const e = statisticEstimate(run, "pfofTotalBn");
 * if (!(e.mean > 0) || e.values.length !== 2) throw new Error();
 * const fidelity = statisticEstimate(run, "paymentCentsPerShare", "fidelity");
 * if (fidelity.mean !== 0) throw new Error();
 * ```
 */
export function statisticEstimate(
  run: ValidationRun,
  statistic: string,
  broker?: string,
): StatisticEstimate {
  const v = VALIDATION_STATISTICS[statistic];
  const f = FIT_STATISTICS[statistic];
  if (!v && !f) throw new RangeError(`statistic: unknown statistic "${statistic}"`);
  const values = run.days.map((d) => (v ? v(d, run.scale, broker) : f(brokerDay(d, broker))));
  const { mean, low, high } = meanInterval(values);
  return { mean, low, high, values };
}

/** One row of the validation table. */
export interface EvidenceRow {
  /** The finding. */
  finding: Finding;
  /** The model's counterpart. */
  model: StatisticEstimate;
  /** Whether the model's mean lies within the published interval. */
  inside: boolean;
  /** How far outside: model mean less the nearest end (0 inside). */
  missBy: number;
  /** The miss relative to the nearest end (0 inside; NaN when that end is 0). */
  missRelative: number;
  /** Why the model misses (empty when inside). */
  why: string;
}

/**
 * The findings beside the model: each finding's statistic with its interval,
 * inside or not, the miss, and why.
 *
 * @example
 * ```ts
 * import { loadEvidence, runValidation, validationTable } from "./validation.ts";
 * import { loadCalibration } from "../calibration/calibration.ts";
 * const run = runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2], paymentVariant: true });
 * const rows = validationTable(run, loadEvidence());
 * if (rows.some((r) => !Number.isFinite(r.model.mean))) throw new Error();
 * if (rows.some((r) => r.inside !== (r.why === ""))) throw new Error();
 * ```
 */
export function validationTable(run: ValidationRun, findings: Finding[]): EvidenceRow[] {
  return findings.map((finding) => {
    const model = statisticEstimate(run, finding.statistic, finding.broker);
    const m = model.mean;
    const inside = m >= finding.low && m <= finding.high;
    const end = m < finding.low ? finding.low : finding.high;
    const missBy = inside ? 0 : m - end;
    const why = inside ? "" : finding.why?.trim() ||
      "No reason recorded: the model left this interval after the evidence file was written.";
    return {
      finding,
      model,
      inside,
      missBy,
      missRelative: inside ? 0 : missBy / Math.abs(end),
      why,
    };
  });
}

/** One finding beside the model, as plain data (the `validate` command's JSON rows). */
export interface ValidationReportRow {
  /** The finding's id. */
  id: string;
  /** What was found. */
  finding: string;
  /** Paper and table, filing, or release. */
  source: string;
  /** `fit`: a fit target or an input; `validation`: not fitted to. */
  role: "fit" | "validation";
  /** Grade of the source (V1 primary ... V4 unverified). */
  grade: string;
  /** The broker whose world the model value is measured in. */
  broker: string;
  /** Unit of the values. */
  unit: string;
  /** The published value (null when only a range or a direction is published) and interval. */
  published: { value: number | null; low: number; high: number };
  /** Whether the interval is published or a band of ours around a published point. */
  band: "published" | "ours";
  /** The model's mean across seeds and its 95% interval. */
  model: { mean: number; low: number; high: number };
  /** Whether the model's mean lies within the published interval. */
  inside: boolean;
  /** Model mean less the nearest end of the interval (0 inside). */
  missBy: number;
  /** Why the model misses (empty when inside). */
  why: string;
  /** The model's statistic. */
  statistic: string;
  /** Notes on the finding and the model's counterpart. */
  note: string;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null) as number;

/**
 * The validation table as plain rows (fit targets first, then validation
 * findings), ready for JSON.
 *
 * @example
 * ```ts
 * import { loadEvidence, runValidation, validationReport, validationTable } from "./validation.ts";
 * import { loadCalibration } from "../calibration/calibration.ts";
 * const run = runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2], paymentVariant: true });
 * const rows = validationReport(validationTable(run, loadEvidence()));
 * if (rows[0].role !== "fit" || rows.at(-1)!.role !== "validation") throw new Error();
 * if (rows.some((r) => r.inside !== (r.why === ""))) throw new Error();
 * ```
 */
export function validationReport(rows: EvidenceRow[]): ValidationReportRow[] {
  const ordered = [
    ...rows.filter((r) => r.finding.role === "fit"),
    ...rows.filter((r) => r.finding.role === "validation"),
  ];
  return ordered.map((r) => ({
    id: r.finding.id,
    finding: r.finding.finding,
    source: r.finding.source,
    role: r.finding.role,
    grade: r.finding.grade,
    broker: r.finding.broker ?? MARKET_BROKER,
    unit: r.finding.unit,
    published: { value: r.finding.value, low: r.finding.low, high: r.finding.high },
    band: r.finding.band,
    model: { mean: finite(r.model.mean), low: finite(r.model.low), high: finite(r.model.high) },
    inside: r.inside,
    missBy: r.missBy,
    why: r.why,
    statistic: r.finding.statistic,
    note: r.finding.note ?? "",
  }));
}

/**
 * The four headline outputs of a run, each with its 95% interval across seeds.
 *
 * @example
 * ```ts
 * import { headlineOutputs, runValidation } from "./validation.ts";
 * import { loadCalibration } from "../calibration/calibration.ts";
 * const h = headlineOutputs(
 *   runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2], headlineOnly: true }),
 * );
 * if (!(h.costPer10k.mean > 0 && h.auctionGainBn.mean > 0)) throw new Error();
 * ```
 */
export function headlineOutputs(run: ValidationRun): Record<HeadlineId, StatisticEstimate> {
  return headlineEstimates(run.days, run.scale, HEADLINES.map((h) => h.id));
}

/**
 * The value a guard guards in a run: its headline output's mean, or its
 * finding's model mean (in the finding's broker's world).
 *
 * @example
 * ```ts
 * import { guardRanges, guardedValue, runValidation } from "./validation.ts";
 * import { loadCalibration } from "../calibration/calibration.ts";
 * const run = runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2] });
 * if (!guardRanges().every((g) => Number.isFinite(guardedValue(run, g)))) throw new Error();
 * ```
 */
export function guardedValue(run: ValidationRun, guard: Guard): number {
  if (guard.headline) return headlineOutputs(run)[guard.headline].mean;
  const f = loadEvidence().find((x) => x.id === guard.finding);
  if (!f) throw new RangeError(`guard: unknown finding "${guard.finding}"`);
  return statisticEstimate(run, f.statistic, f.broker).mean;
}

export * from "./brokerstudy.ts";
