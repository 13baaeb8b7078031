/**
 * The model's default outputs beside published findings.
 *
 * `data/calibration/evidence.json` lists published findings, each with its
 * source, grade, published value or interval, and the name of the model
 * statistic that corresponds to it. Findings with role `fit` are the targets
 * the fitting routine (`lib/fit.ts`) uses; findings with role `validation`
 * were not fitted to, so they test the model out of sample.
 *
 * {@linkcode runValidation} simulates the calibrated scenario over several
 * seeds under the status quo, best execution and an order-by-order auction
 * (and, optionally, every order directed to each wholesaler in turn), all on
 * the same orders; {@linkcode validationTable} computes each finding's
 * statistic seed by seed and reports its mean with a 95% interval across the
 * seeds, whether the mean falls inside the published interval, and by how
 * much it misses. Amounts "a year" scale the simulated day's per-share
 * amounts to the retail shares wholesalers execute in a year
 * (`calibrationScale`).
 *
 * The headline outputs ({@linkcode HEADLINES}) are the four numbers the
 * sensitivity analysis follows: the customer's cost per $10,000 traded, price
 * improvement as a share of the quoted spread, the broker's payment revenue
 * a year, and the auction's gain over the status quo a year.
 *
 * @module
 */
import { z } from "zod";
import { parseWith } from "./validate.ts";
import {
  type Calibration,
  calibrationPolicies,
  calibrationScale,
  calibrationScenario,
  type MarketScale,
} from "./calibration.ts";
import { type DayResult, runPolicy } from "./simulate.ts";
import { WHOLESALER } from "./venues.ts";
import { WorldCache } from "./worlds.ts";
import { type Estimate, meanInterval } from "./montecarlo.ts";
import { FIT_STATISTICS } from "./fit.ts";
import type { Scenario } from "./scenario.ts";
import evidenceJson from "../data/calibration/evidence.json" with { type: "json" };

/** The headline outputs, with labels and units. */
export const HEADLINES = [
  { id: "costPer10k", label: "customer cost per $10,000 traded", unit: "$" },
  { id: "piShareOfSpread", label: "price improvement as a share of the spread", unit: "share" },
  { id: "paymentRevenueBn", label: "broker payment revenue a year", unit: "$bn" },
  { id: "auctionGainBn", label: "auction's gain over the status quo a year", unit: "$bn" },
] as const;
/** A headline output's id. */
export type HeadlineId = typeof HEADLINES[number]["id"];

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
  note: z.string().optional(),
}).refine((f) => f.low <= f.high && (f.value === null || (f.low <= f.value && f.value <= f.high)), {
  message: "the published value must lie within [low, high]",
});
/** A published finding. */
export type Finding = z.infer<typeof FindingSchema>;

/**
 * The range a headline output must stay in (the regression guard): a
 * finding's published interval, widened by `tolerance` (a share of each end)
 * where the model is documented to miss, or an explicit sourced envelope.
 */
export const GuardSchema = z.object({
  headline: z.enum(HEADLINES.map((h) => h.id) as [HeadlineId, ...HeadlineId[]]),
  finding: z.string().optional(),
  low: z.number().optional(),
  high: z.number().optional(),
  tolerance: z.number().min(0).max(1).default(0),
  source: z.string().min(20),
}).refine((g) => g.finding !== undefined || (g.low !== undefined && g.high !== undefined), {
  message: "a guard names a finding or gives low and high",
});
/** A headline output's guard. */
export type Guard = z.infer<typeof GuardSchema>;

const EvidenceFileSchema = z.object({
  findings: z.array(FindingSchema).min(1),
  guards: z.array(GuardSchema).default([]),
});

/**
 * The guards of `data/calibration/evidence.json` as ranges: each headline's
 * low and high, from its finding (widened by the tolerance) or its envelope.
 *
 * @example
 * ```ts
 * import { guardRanges } from "./validation.ts";
 * const g = guardRanges();
 * if (!g.every((x) => x.low < x.high) || g.length !== 4) throw new Error();
 * ```
 */
export function guardRanges(): (Guard & { low: number; high: number })[] {
  const file = parseWith(EvidenceFileSchema, structuredClone(evidenceJson), EVIDENCE_SOURCE);
  return file.guards.map((g) => {
    if (g.finding === undefined) return { ...g, low: g.low!, high: g.high! };
    const f = file.findings.find((x) => x.id === g.finding);
    if (!f) throw new RangeError(`guard ${g.headline}: unknown finding "${g.finding}"`);
    return {
      ...g,
      low: f.low - g.tolerance * Math.abs(f.low),
      high: f.high + g.tolerance * Math.abs(f.high),
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

/** The days of one seed: the same orders under each policy. */
export interface SeedDays {
  /** Today's routing. */
  statusQuo: DayResult;
  /** Best execution among today's venues (absent in a headline-only run). */
  bestExecution?: DayResult;
  /** The order-by-order auction. */
  auction: DayResult;
  /** The status quo with every wholesaler's payments scaled by {@linkcode PAYMENT_VARIANT} (when asked for). */
  morePayment?: DayResult;
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
 * import { calibratedScenario } from "./calibration.ts";
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
  /** Orders per simulated day. */
  orders: number;
  /** Seeds (one day each; at least 2 for intervals). */
  seeds: number[];
  /** Also run the status quo with wholesalers' payments scaled (needed by `pfofPiSlope`). */
  paymentVariant?: boolean;
  /** Only what the headline outputs need: leave best execution out. */
  headlineOnly?: boolean;
  /** Shared quotes and orders. */
  cache?: WorldCache;
}

/**
 * Simulates the calibration's scenario under the status quo, best execution
 * and the auction (and the status quo with larger payments, when asked), on
 * the same orders, for each seed.
 *
 * @example
 * ```ts
 * import { runValidation } from "./validation.ts";
 * import { loadCalibration } from "./calibration.ts";
 * const run = runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2] });
 * if (run.days.length !== 2 || run.days[0].statusQuo.orders !== run.days[0].auction.orders) {
 *   throw new Error();
 * }
 * ```
 */
export function runValidation(cal: Calibration, options: ValidationOptions): ValidationRun {
  if (options.seeds.length < 1) throw new RangeError("seeds: expected at least one seed");
  const scenario = calibrationScenario(cal);
  const policies = calibrationPolicies(cal);
  const cache = options.cache ?? new WorldCache();
  const more = options.paymentVariant ? scaleWholesalerPayments(scenario, PAYMENT_VARIANT) : null;
  const days = options.seeds.map((seed) => {
    const world = cache.world(scenario, { orders: options.orders, seed });
    return {
      statusQuo: runPolicy(world, policies.statusQuo),
      bestExecution: options.headlineOnly ? undefined : runPolicy(world, policies.bestExecution),
      auction: runPolicy(world, policies.auction),
      morePayment: more
        ? runPolicy(cache.world(more, { orders: options.orders, seed }), policies.statusQuo)
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

/** Per-order filter of a statistic. */
interface Filter {
  types: number[];
  minSize?: number;
  maxSize?: number;
  wholesalersOnly?: boolean;
  tier?: number;
}

function keep(day: DayResult, i: number, f: Filter): boolean {
  const { orders: o, outcomes: r } = day;
  if (!f.types.includes(o.type[i]) || r.filled[i] === 0) return false;
  if (o.size[i] < (f.minSize ?? 1) || o.size[i] > (f.maxSize ?? Infinity)) return false;
  if (f.wholesalersOnly && day.venues.kind[r.execVenue[i]] !== WHOLESALER) return false;
  if (f.tier !== undefined && day.universe.tier[o.security[i]] !== f.tier) return false;
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

/** A year of a per-executed-share amount of the status quo day. */
function perYear(day: DayResult, dollars: number, scale: MarketScale): number {
  const all = day.metrics.summarize([])[0];
  return dollars / all.filledShares * scale.wholesaleRetailSharesPerYear / 1e9;
}

const covered = { types: [0, 1] };

/** Model statistics of validation findings, computed from one seed's days. */
export const VALIDATION_STATISTICS: Record<
  string,
  (days: SeedDays, scale: MarketScale) => number
> = {
  /** Price improvement over quoted spread, market orders of 1-99 shares, status quo. */
  piShareOddLots: (d) => {
    const s = sums(d.statusQuo, { types: [0], maxSize: 99 });
    return s.pi / s.quoted;
  },
  /** Order-weighted mean cost against the midpoint, bps, market orders of 1-99 shares. */
  costOddLotBps: (d) => {
    const { orders: o, outcomes: r } = d.statusQuo;
    let total = 0, n = 0;
    for (let i = 0; i < o.count; i++) {
      if (!keep(d.statusQuo, i, { types: [0], maxSize: 99 })) continue;
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
      const f = { types: [0], tier: 0, maxSize: 1999, wholesalersOnly: true };
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
  auctionSavingsBn: (d, scale) => {
    const sq = d.statusQuo.metrics.summarize([], covered)[0];
    const au = d.auction.metrics.summarize([], covered)[0];
    return perYear(d.statusQuo, sq.allInCost - au.allInCost, scale);
  },
  /** Payment for order flow (all order types), $bn a year. */
  pfofTotalBn: (d, scale) => {
    const all = d.statusQuo.metrics.summarize([])[0];
    return perYear(d.statusQuo, all.payment, scale);
  },
  /** Price improvement of wholesalers' covered orders of 100-9,999 shares, $bn a year. */
  wholesalerPiBn: (d, scale) => {
    const s = sums(d.statusQuo, {
      types: [0, 1],
      minSize: 100,
      maxSize: 9999,
      wholesalersOnly: true,
    });
    return perYear(d.statusQuo, s.pi, scale);
  },
  /** E/Q of covered orders of 1-99 shares, status quo. */
  oddLotEq: (d) => {
    const s = sums(d.statusQuo, { types: [0, 1], maxSize: 99 });
    return s.effective / s.quoted;
  },
  /** Price improvement per 100 shares, covered orders of 1-99 shares, $. */
  oddLotPiPer100: (d) => {
    const s = sums(d.statusQuo, { types: [0, 1], maxSize: 99 });
    return s.pi / s.shares * 100;
  },
  /** Price improvement over notional, wholesalers' covered orders, bps. */
  piBps: (d) => {
    const s = sums(d.statusQuo, { types: [0, 1], wholesalersOnly: true });
    return s.pi / s.notional * 1e4;
  },
  /** Fill rate of non-marketable limits, status quo less best execution. */
  bcjFillDifference: (d) => {
    if (!d.bestExecution) return NaN;
    const rate = (day: DayResult) => day.metrics.summarize([], { types: [2] })[0].fillRate;
    return rate(d.statusQuo) - rate(d.bestExecution);
  },
  /** Mean notional of an order at arrival (all orders), $. */
  expectedOrderNotional: (d) => {
    const { orders: o, outcomes: r } = d.statusQuo;
    let total = 0;
    for (let i = 0; i < o.count; i++) total += o.size[i] * r.arrivalMid[i];
    return total / o.count;
  },
  /** Customer cost per $10,000 traded, covered orders, status quo. */
  costPer10k: (d) => d.statusQuo.metrics.summarize([], covered)[0].customerCostBps,
  /**
   * Price improvement over the quoted spread at arrival, mean over covered
   * orders (each order counts once, as in the experiments that send small
   * orders to several brokers), status quo.
   */
  piShareOfSpread: (d) => {
    const { orders: o, outcomes: r } = d.statusQuo;
    let total = 0, n = 0;
    for (let i = 0; i < o.count; i++) {
      if (!keep(d.statusQuo, i, covered)) continue;
      total += r.priceImprovement[i] / r.arrivalSpread[i];
      n++;
    }
    return total / n;
  },
};

/** A statistic of a validation run: mean, 95% interval across seeds, and the values. */
export interface StatisticEstimate extends Estimate {
  /** The statistic seed by seed. */
  values: number[];
}

/**
 * A statistic (from {@linkcode VALIDATION_STATISTICS} or the fit's
 * statistics) seed by seed, with its mean and 95% interval.
 *
 * @example
 * ```ts
 * import { runValidation, statisticEstimate } from "./validation.ts";
 * import { loadCalibration } from "./calibration.ts";
 * const run = runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2] });
 * const e = statisticEstimate(run, "pfofTotalBn");
 * if (!(e.mean > 0) || e.values.length !== 2) throw new Error();
 * ```
 */
export function statisticEstimate(run: ValidationRun, statistic: string): StatisticEstimate {
  const v = VALIDATION_STATISTICS[statistic];
  const f = FIT_STATISTICS[statistic];
  if (!v && !f) throw new RangeError(`statistic: unknown statistic "${statistic}"`);
  const values = run.days.map((d) => (v ? v(d, run.scale) : f(d.statusQuo)));
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
}

/**
 * The findings beside the model: each finding's statistic with its interval,
 * inside or not, and the miss.
 *
 * @example
 * ```ts
 * import { loadEvidence, runValidation, validationTable } from "./validation.ts";
 * import { loadCalibration } from "./calibration.ts";
 * const run = runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2], paymentVariant: true });
 * const rows = validationTable(run, loadEvidence());
 * if (rows.some((r) => !Number.isFinite(r.model.mean))) throw new Error();
 * ```
 */
export function validationTable(run: ValidationRun, findings: Finding[]): EvidenceRow[] {
  return findings.map((finding) => {
    const model = statisticEstimate(run, finding.statistic);
    const m = model.mean;
    const inside = m >= finding.low && m <= finding.high;
    const end = m < finding.low ? finding.low : finding.high;
    const missBy = inside ? 0 : m - end;
    return { finding, model, inside, missBy, missRelative: inside ? 0 : missBy / Math.abs(end) };
  });
}

/**
 * The four headline outputs of a run, each with its 95% interval across seeds.
 *
 * @example
 * ```ts
 * import { headlineOutputs, runValidation } from "./validation.ts";
 * import { loadCalibration } from "./calibration.ts";
 * const h = headlineOutputs(runValidation(loadCalibration(), { orders: 2000, seeds: [1, 2] }));
 * if (!(h.costPer10k.mean > 0 && h.auctionGainBn.mean > 0)) throw new Error();
 * ```
 */
export function headlineOutputs(run: ValidationRun): Record<HeadlineId, StatisticEstimate> {
  return {
    costPer10k: statisticEstimate(run, "costPer10k"),
    piShareOfSpread: statisticEstimate(run, "piShareOfSpread"),
    paymentRevenueBn: statisticEstimate(run, "pfofTotalBn"),
    auctionGainBn: statisticEstimate(run, "auctionSavingsBn"),
  };
}
