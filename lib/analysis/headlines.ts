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
    id: "paymentHarmBn",
    label: "extra customer cost of the status quo over best execution, a year",
    unit: "$bn",
    digits: 3,
  },
  { id: "auctionGainBn", label: "an auction's gain to customers a year", unit: "$bn", digits: 2 },
] as const;

/** A headline's id. */
export type MarketHeadlineId = typeof MARKET_HEADLINES[number]["id"];

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

const COVERED_TYPES = { types: [0, 1] };

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
    if (o.type[i] === 2) continue;
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
    if (o.type[i] === 2 || r.filled[i] === 0) continue;
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

/** The headline statistics of one day under the status quo, best execution and the auction. */
function dayHeadlines(
  statusQuo: DayResult,
  best: DayResult,
  auction: DayResult,
  scale: MarketScale,
): Record<MarketHeadlineId, number> {
  return {
    averageOrder: averageMarketableOrder(statusQuo),
    costPer10k: marketableCostPer10k(statusQuo),
    piPctOfSpread: 100 * piShareOfSpread(statusQuo),
    paymentsBn: paymentsPerYearBn(statusQuo, scale),
    paymentHarmBn: excessCostPerYearBn(statusQuo, best, scale),
    auctionGainBn: auctionGainPerYearBn(statusQuo, auction, scale),
  };
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
 * - `paymentHarmBn`: customer cost of the status quo less best execution's,
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
    return dayHeadlines(
      runPolicy(world, policies.statusQuo),
      runPolicy(world, policies.bestExecution),
      runPolicy(world, policies.auction),
      scale,
    );
  });
  const out = {} as MarketHeadlines;
  for (const { id } of MARKET_HEADLINES) {
    const values = days.map((d) => d[id]);
    const { mean, low, high } = meanInterval(values);
    out[id] = { mean, low, high, values };
  }
  return out;
}
