/**
 * The market's headline numbers: the quantities several notebooks quote
 * (the average order, what it costs a customer per $10,000, price
 * improvement as a share of the spread, payments a year, the harm of routing
 * for payment, an auction's gain), each computed by one rule here, on one
 * standard run of the calibrated world, so that every page quoting them
 * quotes the same number.
 *
 * A notebook shows them with `showHeadlines` (`headline_display.ts`), which
 * also marks each value so that a test can read the executed notebooks and
 * check that the pages agree. This module holds the rules only, so the
 * command line can use them without loading polars.
 *
 * @module
 */
import { defaultScenario, type Scenario } from "../sim/scenario.ts";
import { type DayResult, runPolicy } from "../sim/simulate.ts";
import { WorldCache } from "../runs/worlds.ts";
import {
  calibrationPolicies,
  calibrationScale,
  loadCalibration,
} from "../calibration/calibration.ts";
import type { MarketScale } from "../calibration/calibration.ts";
import { type Estimate, meanInterval } from "../runs/montecarlo.ts";
import { MARKETABLE_TYPES, NON_MARKETABLE_LIMIT } from "../sim/flow.ts";

/** The headline quantities, their labels and units. */
export const MARKET_HEADLINES = [
  { id: "averageOrder", label: "average marketable order", unit: "$", digits: 0 },
  {
    id: "costPer10k",
    label: "customer cost per $10,000 traded (marketable)",
    unit: "$",
    digits: 2,
  },
  { id: "piPctOfSpread", label: "price improvement, % of the quoted spread", unit: "%", digits: 1 },
  { id: "paymentsBn", label: "payment for order flow a year", unit: "$bn", digits: 2 },
  {
    id: "statusQuoExtraCostBn",
    label: "extra customer cost of the status quo over best execution, a year",
    unit: "$bn",
    digits: 3,
  },
  { id: "auctionGainBn", label: "an auction's gain to customers a year", unit: "$bn", digits: 2 },
] as const;

/** A headline's id. */
export type MarketHeadlineId = typeof MARKET_HEADLINES[number]["id"];

/** The ids of the four headlines the validation guards and the sensitivity analysis follows. */
export type HeadlineId = "costPer10k" | "piPctOfSpread" | "paymentsBn" | "auctionGainBn";

const GUARDED: readonly MarketHeadlineId[] = [
  "costPer10k",
  "piPctOfSpread",
  "paymentsBn",
  "auctionGainBn",
] satisfies HeadlineId[];

/**
 * The four headlines the validation guards (`guardRanges`) and the
 * sensitivity analysis follows (`tornado`): the entries of
 * {@linkcode MARKET_HEADLINES} with those ids, in its order (the same ids,
 * labels and units: one list of headlines).
 */
export const HEADLINES = MARKET_HEADLINES.filter((h) => GUARDED.includes(h.id)) as Extract<
  typeof MARKET_HEADLINES[number],
  { id: HeadlineId }
>[];

/** The headlines with their 95% intervals across the run's days. */
export type MarketHeadlines = Record<MarketHeadlineId, Estimate & { values: number[] }>;

/** The standard run behind the headlines: orders a day and one day per seed. */
export const HEADLINE_RUN = { orders: 20_000, seeds: [1, 2, 3, 4, 5, 6] } as const;

/**
 * A dollar amount of a simulated day, scaled to a year of the retail volume
 * that wholesalers execute: the amount per filled share times the shares a
 * year (`calibrationScale`), in $bn.
 *
 * @example
 * ```ts
 * import { perYearBn } from "./headlines.ts";
 * import { calibrationScale, loadCalibration } from "../calibration/calibration.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed: 1 });
 * const scale = calibrationScale(loadCalibration());
 * const shares = day.metrics.summarize([])[0].filledShares;
 * const year = perYearBn(day, shares, scale); // a dollar a share
 * if (Math.abs(year - scale.wholesaleRetailSharesPerYear / 1e9) > 1e-6) throw new Error();
 * ```
 */
export function perYearBn(day: DayResult, dollars: number, scale: MarketScale): number {
  const shares = day.metrics.summarize([])[0].filledShares;
  return dollars / shares * scale.wholesaleRetailSharesPerYear / 1e9;
}

const COVERED_TYPES = { types: MARKETABLE_TYPES };

/**
 * Mean notional at arrival of a day's marketable orders (filled or not), $.
 *
 * @example
 * ```ts
 * import { averageMarketableOrder } from "./headlines.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed: 1 });
 * if (!(averageMarketableOrder(day) > 100)) throw new Error();
 * ```
 */
export function averageMarketableOrder(day: DayResult): number {
  const { orders: o, outcomes: r } = day;
  let notional = 0, n = 0;
  for (let i = 0; i < o.count; i++) {
    if (o.type[i] === NON_MARKETABLE_LIMIT) continue;
    n++;
    notional += o.size[i] * r.arrivalMid[i];
  }
  return notional / n;
}

/**
 * Customer cost against the arrival midpoint, commission included, per
 * $10,000 of a day's filled marketable orders.
 *
 * @example
 * ```ts
 * import { marketableCostPer10k } from "./headlines.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed: 1 });
 * const m = day.metrics.summarize([], { types: [0, 1] })[0];
 * if (marketableCostPer10k(day) !== m.customerCostBps) throw new Error();
 * ```
 */
export function marketableCostPer10k(day: DayResult): number {
  return day.metrics.summarize([], COVERED_TYPES)[0].customerCostBps;
}

/**
 * Price improvement over the quoted spread at arrival, mean over a day's
 * filled marketable orders (each order counts once, as in the experiments
 * that send small orders to several brokers), as a share.
 *
 * @example
 * ```ts
 * import { piShareOfSpread } from "./headlines.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed: 1 });
 * const s = piShareOfSpread(day);
 * if (!(s > 0 && s < 1)) throw new Error(String(s));
 * ```
 */
export function piShareOfSpread(day: DayResult): number {
  const { orders: o, outcomes: r } = day;
  let total = 0, n = 0;
  for (let i = 0; i < o.count; i++) {
    if (o.type[i] === NON_MARKETABLE_LIMIT || r.filled[i] === 0) continue;
    total += r.priceImprovement[i] / r.arrivalSpread[i];
    n++;
  }
  return total / n;
}

/**
 * Payment for order flow of a day (all order types), $bn a year.
 *
 * @example
 * ```ts
 * import { paymentsPerYearBn } from "./headlines.ts";
 * import { calibrationScale, loadCalibration } from "../calibration/calibration.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed: 1 });
 * if (!(paymentsPerYearBn(day, calibrationScale(loadCalibration())) > 0)) throw new Error();
 * ```
 */
export function paymentsPerYearBn(day: DayResult, scale: MarketScale): number {
  return perYearBn(day, day.metrics.summarize([])[0].payment, scale);
}

/**
 * Customer cost of a day (all order types) less that of the same orders under
 * another policy (best execution, for the headline), $bn a year at the
 * first day's shares.
 *
 * @example
 * ```ts
 * import { excessCostPerYearBn } from "./headlines.ts";
 * import { calibrationScale, loadCalibration } from "../calibration/calibration.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed: 1 });
 * if (excessCostPerYearBn(day, day, calibrationScale(loadCalibration())) !== 0) throw new Error();
 * ```
 */
export function excessCostPerYearBn(
  day: DayResult,
  other: DayResult,
  scale: MarketScale,
): number {
  const cost = (d: DayResult) => d.metrics.summarize([])[0].customerCost;
  return perYearBn(day, cost(day) - cost(other), scale);
}

/**
 * All-in cost of a day's marketable orders less that of the same orders under
 * the auction, $bn a year at the first day's shares.
 *
 * @example
 * ```ts
 * import { auctionGainPerYearBn } from "./headlines.ts";
 * import { calibrationScale, loadCalibration } from "../calibration/calibration.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed: 1 });
 * if (auctionGainPerYearBn(day, day, calibrationScale(loadCalibration())) !== 0) throw new Error();
 * ```
 */
export function auctionGainPerYearBn(
  day: DayResult,
  auction: DayResult,
  scale: MarketScale,
): number {
  const cost = (d: DayResult) => d.metrics.summarize([], COVERED_TYPES)[0].allInCost;
  return perYearBn(day, cost(day) - cost(auction), scale);
}

/** The days a headline is computed from: one day's orders under three policies. */
export interface HeadlineDays {
  /** Today's routing (the calibration's status quo). */
  statusQuo: DayResult;
  /** Best execution among the same venues (needed by `statusQuoExtraCostBn` only). */
  bestExecution?: DayResult;
  /** The calibration's order-by-order auction (needed by `auctionGainBn` only). */
  auction?: DayResult;
}

function needDay(day: DayResult | undefined, what: string, id: MarketHeadlineId): DayResult {
  if (!day) throw new RangeError(`${id}: needs the ${what} day, which this run has not`);
  return day;
}

/**
 * The rule of each headline: its value on one day's orders (see
 * {@linkcode marketHeadlines} for what each measures). The validation's
 * headline outputs and the market's headlines both compute through these.
 *
 * @example
 * ```ts
 * import { HEADLINE_RULES, piShareOfSpread } from "./headlines.ts";
 * import { calibrationScale, loadCalibration } from "../calibration/calibration.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const day = simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed: 1 });
 * const scale = calibrationScale(loadCalibration());
 * const pct = HEADLINE_RULES.piPctOfSpread({ statusQuo: day }, scale);
 * if (Math.abs(pct - 100 * piShareOfSpread(day)) > 1e-12) throw new Error();
 * ```
 */
export const HEADLINE_RULES: Record<
  MarketHeadlineId,
  (days: HeadlineDays, scale: MarketScale) => number
> = {
  averageOrder: (d) => averageMarketableOrder(d.statusQuo),
  costPer10k: (d) => marketableCostPer10k(d.statusQuo),
  piPctOfSpread: (d) => 100 * piShareOfSpread(d.statusQuo),
  paymentsBn: (d, scale) => paymentsPerYearBn(d.statusQuo, scale),
  statusQuoExtraCostBn: (d, scale) =>
    excessCostPerYearBn(
      d.statusQuo,
      needDay(d.bestExecution, "best-execution", "statusQuoExtraCostBn"),
      scale,
    ),
  auctionGainBn: (d, scale) =>
    auctionGainPerYearBn(d.statusQuo, needDay(d.auction, "auction", "auctionGainBn"), scale),
};

/**
 * Each of `ids` computed day by day with {@linkcode HEADLINE_RULES}, with its
 * mean and 95% interval across the days.
 *
 * @example
 * ```ts
 * import { headlineEstimates } from "./headlines.ts";
 * import { calibrationScale, loadCalibration } from "../calibration/calibration.ts";
 * import { simulateDay } from "../sim/simulate.ts";
 * import { defaultScenario } from "../sim/scenario.ts";
 * const days = [1, 2].map((seed) => ({
 *   statusQuo: simulateDay(defaultScenario(), { kind: "scorecard" }, { orders: 500, seed }),
 * }));
 * const h = headlineEstimates(days, calibrationScale(loadCalibration()), ["costPer10k"]);
 * if (h.costPer10k.values.length !== 2 || !(h.costPer10k.mean > 0)) throw new Error();
 * ```
 */
export function headlineEstimates<Id extends MarketHeadlineId>(
  days: readonly HeadlineDays[],
  scale: MarketScale,
  ids: readonly Id[],
): Record<Id, Estimate & { values: number[] }> {
  const out = {} as Record<Id, Estimate & { values: number[] }>;
  for (const id of ids) {
    const values = days.map((d) => HEADLINE_RULES[id](d, scale));
    const { mean, low, high } = meanInterval(values);
    out[id] = { mean, low, high, values };
  }
  return out;
}

/**
 * The market's headlines: the calibrated world (`defaultScenario()`, all US
 * retail brokers together) under its status quo (routing by scorecard),
 * against best execution among the same venues (the harm of routing for
 * payment) and the calibration's auction, one independent day per seed.
 *
 * - `averageOrder`: mean notional at arrival of marketable orders, $.
 * - `costPer10k`: customer cost against the arrival midpoint, commission
 *   included, per $10,000 of marketable orders filled.
 * - `piPctOfSpread`: mean over filled marketable orders of price improvement
 *   over the quoted spread at arrival, % (each order counts once, as in the
 *   experiments that send small orders to several brokers).
 * - `paymentsBn`: payment for order flow, all order types, $bn a year.
 * - `statusQuoExtraCostBn`: customer cost of the status quo less best execution's,
 *   all order types, $bn a year.
 * - `auctionGainBn`: all-in cost of marketable orders under the status quo
 *   less under the auction, $bn a year.
 *
 * Amounts a year scale a day's amount per filled share to the retail shares
 * wholesalers execute in a year ({@linkcode perYearBn}).
 *
 * @example
 * ```ts
 * import { marketHeadlines } from "./headlines.ts";
 * const h = marketHeadlines({ orders: 2000, seeds: [1, 2] });
 * if (!(h.costPer10k.mean > 0 && h.paymentsBn.mean > 0)) throw new Error();
 * if (h.averageOrder.values.length !== 2) throw new Error();
 * ```
 */
export function marketHeadlines(
  run: { orders: number; seeds: readonly number[] } = HEADLINE_RUN,
  scenario: Scenario = defaultScenario(),
): MarketHeadlines {
  const cal = loadCalibration();
  const policies = calibrationPolicies(cal);
  const scale = calibrationScale(cal);
  const cache = new WorldCache();
  const days = run.seeds.map((seed) => {
    const world = cache.world(scenario, { orders: run.orders, seed });
    return {
      statusQuo: runPolicy(world, policies.statusQuo),
      bestExecution: runPolicy(world, policies.bestExecution),
      auction: runPolicy(world, policies.auction),
    };
  });
  return headlineEstimates(days, scale, MARKET_HEADLINES.map((h) => h.id));
}
